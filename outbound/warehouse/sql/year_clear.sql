-- Forget a processor-year's linking state (it is rebuilt when next counted).
DELETE FROM year_links   WHERE processor = $processor AND year = $year;
DELETE FROM year_nodes   WHERE processor = $processor AND year = $year;
DELETE FROM year_persons WHERE processor = $processor AND year = $year;
DELETE FROM year_groups  WHERE processor = $processor AND year = $year;
DELETE FROM year_tally   WHERE processor = $processor AND year = $year;
