SELECT n.export_id, n.node, n.sensitive
FROM export_nodes n JOIN exports e USING (export_id)
WHERE e.processor = $processor AND e.exported_on BETWEEN $start AND $end
ORDER BY n.export_id;
