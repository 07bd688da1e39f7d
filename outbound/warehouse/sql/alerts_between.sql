SELECT kind, rule_id, measured, threshold, message, raised_at FROM alerts
WHERE processor = $processor AND year = $year AND CAST(raised_at AS DATE) BETWEEN $start AND $end
ORDER BY raised_at, kind DESC, rule_id;
