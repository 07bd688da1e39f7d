-- The verdict of each consistency spot check run with a warehouse (outbound.warehouse.spot_checks):
-- counts and ids only. A re-run of the same check (processor, filing version, day) replaces its row.
CREATE TABLE IF NOT EXISTS spot_checks (
    processor       VARCHAR   NOT NULL,
    checked_on      DATE      NOT NULL,
    filing_id       VARCHAR   NOT NULL,
    filing_version  INTEGER   NOT NULL,
    verdict         VARCHAR   NOT NULL,   -- consistent | inconsistent | major-change
    major           INTEGER   NOT NULL,
    minor           INTEGER   NOT NULL,
    files           INTEGER   NOT NULL,
    report_sha256   VARCHAR   NOT NULL,   -- of the spot-check JSON, to find the report filed
    recorded_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (processor, checked_on, filing_id, filing_version)
);
