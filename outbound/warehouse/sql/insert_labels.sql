INSERT INTO column_labels SELECT * FROM staged_labels ON CONFLICT DO NOTHING;
