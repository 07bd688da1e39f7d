SELECT count(*) > 0 FROM deleted_exports WHERE processor = $processor AND content_sha256 = $sha;
