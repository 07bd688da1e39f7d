INSERT INTO column_labels VALUES ($processor, $sha, $column_name, $entity, $category, $score, $matched_share, $entities)
ON CONFLICT DO NOTHING;
