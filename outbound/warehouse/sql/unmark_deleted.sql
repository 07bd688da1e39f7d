DELETE FROM deleted_exports WHERE processor = $processor AND content_sha256 = $sha;
