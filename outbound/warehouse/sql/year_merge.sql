-- Merge exports (one, or the many of a batch of small files) into their year's linking state. `touch`
-- (old_root, new_root): every person the exports reach and the person it is part of after them;
-- `enodes` (node, sensitive, root, fresh): their identifiers with their person after them, fresh
-- when new this year; `ekeys` (export_id, dim, key, unlinked, unlinked_sensitive): each export's
-- groups and its rows without an identifier. Only rows of the persons touched are read or written.
-- A node's groups are those of the exports that carry it, sensitive where a row of that export was.
CREATE OR REPLACE TEMP TABLE egroups AS
SELECT e.root, k.dim, k.key, bool_or(n.sensitive) AS sensitive
FROM export_nodes n JOIN ekeys k USING (export_id) JOIN enodes e USING (node)
WHERE n.export_id BETWEEN $lo AND $hi
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE old_persons AS
SELECT root, size, sensitive FROM year_persons
WHERE processor = $processor AND year = $year AND root IN (SELECT old_root FROM touch);
CREATE OR REPLACE TEMP TABLE new_persons AS
SELECT root, sum(size)::BIGINT AS size, bool_or(sensitive) AS sensitive FROM (
    SELECT t.new_root AS root, o.size, o.sensitive FROM old_persons o JOIN touch t ON o.root = t.old_root
    UNION ALL
    SELECT root, fresh::BIGINT, sensitive FROM enodes
) GROUP BY root;
CREATE OR REPLACE TEMP TABLE old_groups AS
SELECT root, dim, key, sensitive FROM year_groups
WHERE processor = $processor AND year = $year AND root IN (SELECT old_root FROM touch);
CREATE OR REPLACE TEMP TABLE new_groups AS
SELECT root, dim, key, bool_or(sensitive) AS sensitive FROM (
    SELECT t.new_root AS root, o.dim, o.key, o.sensitive FROM old_groups o JOIN touch t ON o.root = t.old_root
    UNION ALL
    SELECT root, dim, key, sensitive FROM egroups
) GROUP BY ALL;
INSERT INTO year_tally
SELECT $processor, $year, dim, key, sum(n), sum(s), sum(u), sum(us) FROM (
    SELECT dim, key, 1 AS n, sensitive::BIGINT AS s, 0 AS u, 0 AS us FROM new_groups
    UNION ALL SELECT dim, key, -1, -sensitive::BIGINT, 0, 0 FROM old_groups
    UNION ALL SELECT 'total', '', 1, sensitive::BIGINT, 0, 0 FROM new_persons
    UNION ALL SELECT 'total', '', -1, -sensitive::BIGINT, 0, 0 FROM old_persons
    UNION ALL SELECT dim, key, 0, 0, unlinked, unlinked_sensitive FROM ekeys
    UNION ALL SELECT 'total', '', 0, 0, $unlinked, $unlinked_sensitive
) GROUP BY ALL
ON CONFLICT (processor, year, dim, key) DO UPDATE SET
    persons = year_tally.persons + excluded.persons,
    sensitive_persons = year_tally.sensitive_persons + excluded.sensitive_persons,
    unlinked = year_tally.unlinked + excluded.unlinked,
    unlinked_sensitive = year_tally.unlinked_sensitive + excluded.unlinked_sensitive;
UPDATE year_links SET
    crowded = crowded + (SELECT count(*) FILTER (size > $crowded_over) FROM new_persons)
                      - (SELECT count(*) FILTER (size > $crowded_over) FROM old_persons),
    largest = greatest(largest, (SELECT coalesce(max(size), 0) FROM new_persons)),
    stamp = $stamp
WHERE processor = $processor AND year = $year;
-- Rows are rewritten only where they change (most persons of a night were seen before, in the
-- same groups): fewer deleted rows to carry, fewer blocks to write.
CREATE OR REPLACE TEMP TABLE gone AS SELECT * FROM old_persons EXCEPT SELECT * FROM new_persons;
DELETE FROM year_persons WHERE processor = $processor AND year = $year AND root IN (SELECT root FROM gone);
INSERT INTO year_persons SELECT $processor, $year, * FROM (SELECT * FROM new_persons EXCEPT SELECT * FROM old_persons);
CREATE OR REPLACE TEMP TABLE gone AS SELECT * FROM old_groups EXCEPT SELECT * FROM new_groups;
DELETE FROM year_groups g USING gone d
WHERE g.processor = $processor AND g.year = $year AND g.root = d.root AND g.dim = d.dim AND g.key = d.key;
INSERT INTO year_groups SELECT $processor, $year, * FROM (SELECT * FROM new_groups EXCEPT SELECT * FROM old_groups);
DROP TABLE gone;
DROP TABLE egroups;
INSERT INTO year_nodes SELECT $processor, $year, node, root FROM enodes WHERE fresh;
