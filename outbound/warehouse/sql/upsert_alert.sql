INSERT INTO alerts VALUES ($processor, $year, $kind, $rule_id, $measured, $threshold, $message, $raised_at)
ON CONFLICT (processor, year, kind, rule_id) DO UPDATE SET
    measured = excluded.measured, threshold = excluded.threshold, message = excluded.message;
