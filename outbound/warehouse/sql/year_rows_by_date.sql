-- The year's PI-carrying rows in export-date order, with their identifiers (may be none).
SELECT e.exported_on, r.content_sha256, r.row_no, r.sensitive, i.id_hash
FROM person_rows r
JOIN exports e USING (processor, content_sha256)
LEFT JOIN row_identifiers i USING (processor, content_sha256, row_no)
WHERE r.processor = $processor AND year(e.exported_on) = $year
ORDER BY e.exported_on, r.content_sha256, r.row_no;
