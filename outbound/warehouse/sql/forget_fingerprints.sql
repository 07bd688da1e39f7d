-- Files under a listed folder that the listing no longer found: their fingerprints are not needed.
-- NOT IN over the unnested list is a hash anti-join; list_contains per row was quadratic
-- (measured: 16 s for 100,000 files, 0.06 s this way).
DELETE FROM file_fingerprints WHERE starts_with(path, $prefix) AND path NOT IN (SELECT unnest($kept::VARCHAR[]));
