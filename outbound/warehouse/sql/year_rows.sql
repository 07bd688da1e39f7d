-- Every PI-carrying row a processor exported in a calendar year, with its identifiers (may be none).
SELECT r.content_sha256, r.row_no, r.sensitive, i.id_hash
FROM person_rows r
JOIN exports e USING (processor, content_sha256)
LEFT JOIN row_identifiers i USING (processor, content_sha256, row_no)
WHERE r.processor = $processor AND e.exported_on BETWEEN $start AND $end
ORDER BY r.content_sha256, r.row_no;
