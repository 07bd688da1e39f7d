-- The whole linking state of a processor-year from its exports, after year_clear. `roots` (node,
-- root): each identifier of the year's exports and its person (connected components, scipy).
INSERT INTO year_nodes SELECT $processor, $year, node, root FROM roots;
CREATE OR REPLACE TEMP TABLE year_exports AS
SELECT * FROM exports WHERE processor = $processor AND year(exported_on) = $year;
CREATE OR REPLACE TEMP TABLE year_rows AS
SELECT r.root, n.sensitive, e.export_id, coalesce(e.recipient, '') AS recipient,
       strftime(e.exported_on, '%Y-%m') AS month, coalesce(e.scenario, '') AS scenario
FROM export_nodes n JOIN year_exports e USING (export_id) JOIN roots r USING (node);
INSERT INTO year_persons
SELECT $processor, $year, r.root, count(*), coalesce(bool_or(s.sensitive), false)
FROM roots r LEFT JOIN (SELECT root, bool_or(sensitive) AS sensitive FROM year_rows GROUP BY root) s USING (root)
GROUP BY r.root, s.sensitive;
INSERT INTO year_groups
SELECT $processor, $year, root, dim, key, bool_or(sensitive) FROM (
    SELECT root, 'recipient' AS dim, recipient AS key, sensitive FROM year_rows
    UNION ALL SELECT root, 'month', month, sensitive FROM year_rows
    UNION ALL SELECT root, 'scenario', scenario, sensitive FROM year_rows
) GROUP BY ALL;
INSERT INTO year_tally
SELECT $processor, $year, dim, key, sum(n), sum(s), sum(u), sum(us) FROM (
    SELECT dim, key, 1 AS n, sensitive::BIGINT AS s, 0 AS u, 0 AS us FROM year_groups
    WHERE processor = $processor AND year = $year
    UNION ALL SELECT 'total', '', 1, sensitive::BIGINT, 0, 0 FROM year_persons WHERE processor = $processor AND year = $year
    UNION ALL SELECT 'total', '', 0, 0, unlinked, unlinked_sensitive FROM year_exports
    UNION ALL SELECT 'recipient', coalesce(recipient, ''), 0, 0, unlinked, unlinked_sensitive FROM year_exports
    UNION ALL SELECT 'month', strftime(exported_on, '%Y-%m'), 0, 0, unlinked, unlinked_sensitive FROM year_exports
    UNION ALL SELECT 'scenario', coalesce(scenario, ''), 0, 0, unlinked, unlinked_sensitive FROM year_exports
) GROUP BY ALL;
INSERT INTO year_links
SELECT $processor, $year, $stamp, count(*) FILTER (size > $crowded_over), coalesce(max(size), 0) FROM year_persons
WHERE processor = $processor AND year = $year;
DROP TABLE year_rows;
DROP TABLE year_exports;
