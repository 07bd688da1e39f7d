-- Which of these contents an operator deleted from the processor's exports (and no scan recorded since).
SELECT content_sha256 FROM deleted_exports WHERE processor = $processor AND list_contains($shas::VARCHAR[], content_sha256);
