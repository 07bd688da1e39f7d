SELECT processor, checked_on, filing_id, filing_version, verdict, major, minor, files, report_sha256
FROM spot_checks WHERE checked_on BETWEEN $start AND $end ORDER BY processor, checked_on, filing_id;
