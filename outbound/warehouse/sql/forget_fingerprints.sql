-- Files under a listed folder that the listing no longer found: their fingerprints are not needed.
DELETE FROM file_fingerprints WHERE starts_with(path, $prefix) AND NOT list_contains($kept, path);
