SELECT content_sha256, deleted_at, path FROM deleted_exports WHERE processor = $processor ORDER BY deleted_at, content_sha256;
