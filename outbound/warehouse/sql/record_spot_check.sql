INSERT OR REPLACE INTO spot_checks VALUES
    ($processor, $checked_on, $filing_id, $filing_version, $verdict, $major, $minor, $files, $report_sha256, $recorded_at);
