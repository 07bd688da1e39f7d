-- Which of these contents the processor's exports hold already.
SELECT content_sha256 FROM exports WHERE processor = $processor AND list_contains($shas::VARCHAR[], content_sha256);
