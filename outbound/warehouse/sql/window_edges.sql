SELECT d.export_id, d.a, d.b
FROM export_edges d JOIN exports e USING (export_id)
WHERE e.processor = $processor AND e.exported_on BETWEEN $start AND $end
ORDER BY d.export_id;
