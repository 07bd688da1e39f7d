SELECT count(*) FROM exports WHERE processor = $processor AND content_sha256 = $sha;
