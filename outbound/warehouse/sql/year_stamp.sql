-- The exports of a processor-year the linking state must hold (all but those of $except: exports being merged).
SELECT count(*) || ':' || coalesce(max(export_id), 0) || ':' || coalesce(sum(export_id), 0) FROM exports
WHERE processor = $processor AND year(exported_on) = $year AND NOT list_contains($except::BIGINT[], export_id);
