INSERT INTO column_labels
SELECT processor, content_sha256, column_name, entity, category, score, matched_share, entities FROM staged_labels
ON CONFLICT DO NOTHING;
