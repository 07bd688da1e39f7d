SELECT notice, first_night, last_night FROM alert_notices WHERE last_night >= $since ORDER BY processor, year, dedup_key;
