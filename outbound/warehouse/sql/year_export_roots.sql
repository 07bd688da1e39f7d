-- The identifiers of the exports being merged (`ekeys`' export ids, between $lo and $hi so that the
-- scan of export_nodes skips the blocks of other exports), whether a row of one of them carrying it
-- was sensitive, and the person each belonged to in its year before them (NULL: new this year).
SELECT n.node, bool_or(n.sensitive) AS sensitive, any_value(y.root) AS root
FROM export_nodes n LEFT JOIN (SELECT node, root FROM year_nodes WHERE processor = $processor AND year = $year) y
    USING (node)
WHERE n.export_id BETWEEN $lo AND $hi AND n.export_id IN (SELECT export_id FROM ekeys)
GROUP BY n.node;
