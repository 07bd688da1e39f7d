INSERT INTO exports (processor, content_sha256, exported_on, recipient, path, format, rows, scanned_at, scenario,
                     unlinked, unlinked_sensitive)
VALUES ($processor, $sha, $exported_on, $recipient, $path, $format, $rows, $scanned_at, $scenario, $unlinked,
        $unlinked_sensitive)
ON CONFLICT DO NOTHING
RETURNING export_id;
