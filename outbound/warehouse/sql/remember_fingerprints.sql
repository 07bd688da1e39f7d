INSERT INTO file_fingerprints SELECT path, size, mtime_ns, sha FROM staged_fingerprints
ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, content_sha256 = excluded.content_sha256;
