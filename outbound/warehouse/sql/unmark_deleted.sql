DELETE FROM deleted_exports WHERE processor = $processor AND list_contains($shas::VARCHAR[], content_sha256);
