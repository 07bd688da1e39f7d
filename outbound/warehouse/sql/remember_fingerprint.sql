INSERT INTO file_fingerprints VALUES ($path, $size, $mtime_ns, $sha)
ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, content_sha256 = excluded.content_sha256;
