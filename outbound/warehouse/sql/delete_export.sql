DELETE FROM row_identifiers WHERE processor = $processor AND content_sha256 = $sha;
DELETE FROM person_rows     WHERE processor = $processor AND content_sha256 = $sha;
DELETE FROM column_labels   WHERE processor = $processor AND content_sha256 = $sha;
DELETE FROM exports         WHERE processor = $processor AND content_sha256 = $sha;
