SELECT DISTINCT year(exported_on) AS y FROM exports WHERE processor = $processor ORDER BY y;
