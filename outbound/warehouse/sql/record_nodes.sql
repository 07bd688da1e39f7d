INSERT INTO export_nodes SELECT $export_id, node, sensitive FROM staged_nodes;
