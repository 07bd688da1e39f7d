SELECT a, b FROM export_edges WHERE export_id = $export_id;
