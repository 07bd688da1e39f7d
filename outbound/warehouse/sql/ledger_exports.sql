-- One row per export of a processor from $start to $end: what the outbound ledger (出境数据台账) lists.
SELECT e.export_id, e.exported_on, coalesce(e.recipient, ''), coalesce(e.scenario, ''), e.rows, e.content_sha256,
       e.format,
       list_sort(list_distinct(list(l.category) FILTER (WHERE l.category IS NOT NULL))),
       list_sort(list_distinct(flatten(list(coalesce(l.entities, []))) || list(l.entity) FILTER (WHERE l.entity IS NOT NULL)))
FROM exports e LEFT JOIN column_labels l ON l.processor = e.processor AND l.content_sha256 = e.content_sha256
WHERE e.processor = $processor AND e.exported_on BETWEEN $start AND $end
GROUP BY ALL
ORDER BY e.exported_on, e.export_id;
