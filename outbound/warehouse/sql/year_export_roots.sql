-- An export's identifiers, and the person each belonged to in its year before it (NULL: new this year).
SELECT n.node, n.sensitive, y.root
FROM export_nodes n LEFT JOIN (SELECT node, root FROM year_nodes WHERE processor = $processor AND year = $year) y
    USING (node)
WHERE n.export_id = $export_id;
