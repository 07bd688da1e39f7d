INSERT INTO person_rows SELECT processor, content_sha256, row_no, sensitive FROM staged_rows
ON CONFLICT DO NOTHING;
