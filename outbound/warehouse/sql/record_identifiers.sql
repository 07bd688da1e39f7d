-- The exports' keyed identifiers (staged_ids: h, sensitive, e the export id; see outbound.fullpass) with
-- their node numbers: the processor's number for a known identifier, the next free ones for new
-- identifiers (an identifier new in several exports of the batch takes one number); then each
-- export's nodes, and its links (staged_edges: a, b, e) between them.
CREATE OR REPLACE TEMP TABLE staged_nodes AS
WITH known AS (SELECT h, node FROM identifiers WHERE processor = $processor),
     base AS (SELECT coalesce(max(node), -1) AS top FROM known),
     staged AS (SELECT DISTINCT h FROM staged_ids)
SELECT s.h, k.node, false AS new FROM staged s JOIN known k ON s.h = k.h
UNION ALL
SELECT s.h, (SELECT top FROM base) + row_number() OVER (), true FROM staged s ANTI JOIN known k ON s.h = k.h;
INSERT INTO identifiers SELECT $processor, node, h FROM staged_nodes WHERE new;
INSERT INTO export_nodes SELECT s.e, n.node, s.sensitive FROM staged_ids s JOIN staged_nodes n ON n.h = s.h;
INSERT INTO export_edges
SELECT e.e, na.node, nb.node
FROM staged_edges e JOIN staged_nodes na ON na.h = e.a JOIN staged_nodes nb ON nb.h = e.b;
