SELECT stamp FROM year_links WHERE processor = $processor AND year = $year;
