SELECT night, route, dedup_key, level, attempt, status, error_class, digest, at FROM alert_deliveries
WHERE night >= $since ORDER BY at, route, dedup_key;
