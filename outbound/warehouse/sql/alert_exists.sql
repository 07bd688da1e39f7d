SELECT count(*) FROM alerts WHERE processor = $processor AND year = $year AND kind = $kind AND rule_id = $rule_id;
