INSERT INTO export_edges
SELECT $export_id, na.node, nb.node
FROM staged_edges e JOIN staged_nodes na ON na.h = e.a JOIN staged_nodes nb ON nb.h = e.b;
