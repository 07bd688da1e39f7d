SELECT content_sha256 FROM file_fingerprints WHERE path = $path AND size = $size AND mtime_ns = $mtime_ns;
