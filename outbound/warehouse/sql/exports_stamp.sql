-- Changes whenever an export of the processor is recorded or deleted (export ids only grow).
SELECT count(*) || ':' || coalesce(max(export_id), 0) FROM exports WHERE processor = $processor;
