SELECT count(*) > 0 FROM column_labels l JOIN exports e USING (processor, content_sha256)
WHERE l.processor = $processor AND year(e.exported_on) = $year AND e.exported_on <= $until
  AND l.category = 'important';
