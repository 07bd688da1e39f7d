SELECT t.dim, t.key, t.persons, t.sensitive_persons, t.unlinked, t.unlinked_sensitive, l.crowded, l.largest
FROM year_tally t JOIN year_links l USING (processor, year)
WHERE t.processor = $processor AND t.year = $year;
