SELECT night, route, dedup_key, level, attempt, status, error_class, digest, sent_at FROM alert_deliveries
WHERE night >= $since ORDER BY sent_at, route, dedup_key;
