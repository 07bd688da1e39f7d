INSERT INTO identifiers SELECT $processor, node, h FROM staged_nodes WHERE new;
