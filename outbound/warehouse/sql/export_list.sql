SELECT content_sha256, exported_on, coalesce(recipient, ''), coalesce(scenario, ''), format, rows, path
FROM exports WHERE processor = $processor ORDER BY exported_on, path;
