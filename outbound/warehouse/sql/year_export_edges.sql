SELECT a, b FROM export_edges WHERE export_id BETWEEN $lo AND $hi AND export_id IN (SELECT export_id FROM ekeys);
