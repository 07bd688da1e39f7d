INSERT INTO exports VALUES ($processor, $sha, $exported_on, $recipient, $path, $format, $rows, $scanned_at)
ON CONFLICT DO NOTHING;
