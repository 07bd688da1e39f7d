INSERT INTO deleted_exports
SELECT processor, content_sha256, path, $deleted_at FROM exports WHERE processor = $processor AND content_sha256 = $sha
ON CONFLICT (processor, content_sha256) DO UPDATE SET path = excluded.path, deleted_at = excluded.deleted_at;
