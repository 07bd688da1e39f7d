SELECT tally FROM person_counts
WHERE processor = $processor AND year = $year AND window_start = $start AND stamp = $stamp;
