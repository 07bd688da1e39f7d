-- The export's keyed identifiers (staged_ids: see outbound.extract) with their node numbers: the
-- processor's number for a known identifier, the next free ones for new identifiers.
CREATE OR REPLACE TEMP TABLE staged_nodes AS
WITH known AS (SELECT h, node FROM identifiers WHERE processor = $processor),
     base AS (SELECT coalesce(max(node), -1) AS top FROM known)
SELECT s.h, s.sensitive, k.node, false AS new FROM staged_ids s JOIN known k ON s.h = k.h
UNION ALL
SELECT s.h, s.sensitive, (SELECT top FROM base) + row_number() OVER (), true FROM staged_ids s ANTI JOIN known k ON s.h = k.h;
