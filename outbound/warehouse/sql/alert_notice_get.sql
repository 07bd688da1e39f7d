SELECT level, marks, first_night, last_night FROM alert_notices WHERE dedup_key = $dedup_key;
