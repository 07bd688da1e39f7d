SELECT processor FROM processors UNION SELECT processor FROM exports ORDER BY 1;
