-- Labelled columns of a processor's exports in a year (names, entities, categories; no values).
SELECT DISTINCT l.column_name, l.entity, l.category, max(l.score) AS score, max(l.matched_share) AS share
FROM column_labels l JOIN exports e USING (processor, content_sha256)
WHERE l.processor = $processor AND year(e.exported_on) = $year AND e.exported_on <= $until AND l.entity IS NOT NULL
GROUP BY ALL ORDER BY l.column_name;
