INSERT INTO alert_deliveries VALUES ($dedup_key, $route, $level, $marks, $night, $attempt, $status, $error_class, $digest, $at);
