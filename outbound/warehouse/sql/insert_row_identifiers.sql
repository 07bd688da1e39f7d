INSERT INTO row_identifiers SELECT processor, content_sha256, row_no, entity, id_hash FROM staged_ids
ON CONFLICT DO NOTHING;
