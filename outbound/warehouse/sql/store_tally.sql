INSERT INTO person_counts VALUES ($processor, $year, $start, $stamp, $tally)
ON CONFLICT (processor, year, window_start) DO UPDATE SET stamp = excluded.stamp, tally = excluded.tally;
