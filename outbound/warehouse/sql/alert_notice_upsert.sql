INSERT INTO alert_notices VALUES ($dedup_key, $kind, $processor, $year, $level, $marks, $notice, $night, $night)
ON CONFLICT (dedup_key) DO UPDATE SET
    level = greatest(alert_notices.level, excluded.level),
    marks = list_sort(list_distinct(list_concat(alert_notices.marks, excluded.marks))),
    notice = excluded.notice,
    last_night = greatest(alert_notices.last_night, excluded.last_night);
