DELETE FROM export_nodes  WHERE export_id = (SELECT export_id FROM exports WHERE processor = $processor AND content_sha256 = $sha);
DELETE FROM export_edges  WHERE export_id = (SELECT export_id FROM exports WHERE processor = $processor AND content_sha256 = $sha);
DELETE FROM column_labels WHERE processor = $processor AND content_sha256 = $sha;
DELETE FROM exports       WHERE processor = $processor AND content_sha256 = $sha;
-- keyed identifiers no export refers to any more are not kept
DELETE FROM identifiers   WHERE processor = $processor
    AND node NOT IN (SELECT n.node FROM export_nodes n JOIN exports e USING (export_id) WHERE e.processor = $processor);
