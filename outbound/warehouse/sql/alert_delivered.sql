SELECT dedup_key, max(level), list_sort(list_distinct(flatten(list(marks)))) FROM alert_deliveries
WHERE route = $route AND status = 'delivered' GROUP BY dedup_key;
