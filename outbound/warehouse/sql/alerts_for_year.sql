SELECT processor, year, kind, rule_id, measured, threshold, message FROM alerts
WHERE processor = $processor AND year = $year ORDER BY kind DESC, rule_id;
