-- The exports of a batch (staged_exports: one row each, new content only); their ids by content.
INSERT INTO exports (processor, content_sha256, exported_on, recipient, path, format, rows, scanned_at, scenario,
                     unlinked, unlinked_sensitive)
SELECT processor, sha, exported_on, recipient, path, format, rows, scanned_at, scenario, unlinked, unlinked_sensitive
FROM staged_exports
ON CONFLICT DO NOTHING
RETURNING content_sha256, export_id;
