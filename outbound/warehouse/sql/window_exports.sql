-- A processor's exports from $start to $end (inclusive), in export-date order.
SELECT export_id, exported_on, coalesce(recipient, ''), coalesce(scenario, ''), unlinked, unlinked_sensitive
FROM exports
WHERE processor = $processor AND exported_on BETWEEN $start AND $end
ORDER BY exported_on, export_id;
