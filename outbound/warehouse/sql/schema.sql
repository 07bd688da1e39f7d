-- The warehouse holds exports, column labels, keyed hashes and counts only: never raw values.
CREATE SEQUENCE IF NOT EXISTS export_ids START 1;

CREATE TABLE IF NOT EXISTS exports (
    processor       VARCHAR   NOT NULL,
    content_sha256  VARCHAR   NOT NULL,   -- fingerprint of the file's bytes: same content, same export
    exported_on     DATE      NOT NULL,   -- calendar date in Asia/Shanghai
    recipient       VARCHAR,
    path            VARCHAR   NOT NULL,   -- where it was first seen
    format          VARCHAR   NOT NULL,
    rows            BIGINT    NOT NULL,
    scanned_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (processor, content_sha256)
);
ALTER TABLE exports ADD COLUMN IF NOT EXISTS export_id BIGINT DEFAULT nextval('export_ids');
ALTER TABLE exports ADD COLUMN IF NOT EXISTS scenario VARCHAR;               -- NULL: unspecified
ALTER TABLE exports ADD COLUMN IF NOT EXISTS unlinked BIGINT DEFAULT 0;      -- rows with PI, no identifier
ALTER TABLE exports ADD COLUMN IF NOT EXISTS unlinked_sensitive BIGINT DEFAULT 0;

CREATE TABLE IF NOT EXISTS column_labels (
    processor       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    column_name     VARCHAR NOT NULL,
    entity          VARCHAR,
    category        VARCHAR,
    score           DOUBLE  NOT NULL,
    matched_share   DOUBLE  NOT NULL,
    entities        VARCHAR[],
    PRIMARY KEY (processor, content_sha256, column_name)
);

-- Keyed hashes (AES-CMAC, outbound.identifiers.keyed_hash as a UUID; scheme in warehouse_meta) of person identifiers, numbered
-- per processor so that the person graph is built over small integers.
CREATE TABLE IF NOT EXISTS identifiers (
    processor   VARCHAR NOT NULL,
    node        INTEGER NOT NULL,
    h           UUID    NOT NULL
);

-- The identifiers each export carried, and whether a row carrying one was sensitive.
CREATE TABLE IF NOT EXISTS export_nodes (
    export_id   BIGINT  NOT NULL,
    node        INTEGER NOT NULL,
    sensitive   BOOLEAN NOT NULL
);

-- Identifiers seen on one row belong to one person: an edge links each to the row's first one.
CREATE TABLE IF NOT EXISTS export_edges (
    export_id   BIGINT  NOT NULL,
    a           INTEGER NOT NULL,
    b           INTEGER NOT NULL
);

-- Counts per processor and window, valid while `stamp` (the processor's exports) is unchanged.
CREATE TABLE IF NOT EXISTS person_counts (
    processor           VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    window_start        DATE    NOT NULL,
    stamp               VARCHAR NOT NULL,
    tally               VARCHAR NOT NULL,   -- JSON: totals and breakdowns (counts only)
    PRIMARY KEY (processor, year, window_start)
);

CREATE TABLE IF NOT EXISTS alerts (
    processor   VARCHAR   NOT NULL,
    year        INTEGER   NOT NULL,
    kind        VARCHAR   NOT NULL,   -- triggered | approaching
    rule_id     VARCHAR   NOT NULL,
    measured    BIGINT    NOT NULL,
    threshold   BIGINT,
    message     VARCHAR   NOT NULL,
    raised_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (processor, year, kind, rule_id)
);

-- What the warehouse knows of each processor (from its profile; a bare id when scanned ad hoc).
CREATE TABLE IF NOT EXISTS processors (
    processor   VARCHAR PRIMARY KEY,
    name        VARCHAR,
    zone        VARCHAR,
    ciio        BOOLEAN NOT NULL DEFAULT false
);
ALTER TABLE processors ADD COLUMN IF NOT EXISTS industry VARCHAR;
ALTER TABLE processors ADD COLUMN IF NOT EXISTS declared_grounds VARCHAR[];

-- What the warehouse was built with: `identifier_hash` names the keyed-hash scheme of every stored
-- identifier (outbound.identifiers.HASH_SCHEME); hashes of two schemes never link.
CREATE TABLE IF NOT EXISTS warehouse_meta (
    key     VARCHAR PRIMARY KEY,
    value   VARCHAR NOT NULL
);

-- What a file's bytes hashed to while it had this size and modification time (nanoseconds): the
-- nightly listing trusts an unchanged (size, mtime) and does not read the file again, as rsync
-- and make do. A file rewritten in place with the same size and mtime is not noticed by the
-- listing; `outbound scan` always hashes what it scans.
CREATE TABLE IF NOT EXISTS file_fingerprints (
    path            VARCHAR PRIMARY KEY,
    size            BIGINT  NOT NULL,
    mtime_ns        BIGINT  NOT NULL,
    content_sha256  VARCHAR NOT NULL
);

-- Exports an operator deleted as recorded by mistake (`outbound exports delete`): the nightly
-- listing does not offer their content again, so a deletion stays deleted. An explicit
-- `outbound scan` of the same content records it again and lifts the mark.
CREATE TABLE IF NOT EXISTS deleted_exports (
    processor       VARCHAR   NOT NULL,
    content_sha256  VARCHAR   NOT NULL,
    path            VARCHAR   NOT NULL,   -- where the deleted export had been seen
    deleted_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (processor, content_sha256)
);

-- Alerts told to people (outbound.alerts). One row per condition (its dedup key): the worst level
-- and marks raised and the latest facts (JSON of counts, rule ids, dates and masks; never a value).
CREATE TABLE IF NOT EXISTS alert_notices (
    dedup_key    VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    processor    VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    level        INTEGER NOT NULL,
    marks        VARCHAR[] NOT NULL,
    notice       VARCHAR NOT NULL,
    first_night  DATE    NOT NULL,   -- the night the condition was first raised
    last_night   DATE    NOT NULL    -- the last night it still held
);

-- Every delivery attempt: the route by its name (never its URL, which may carry a secret), the
-- level and marks it told, and how it went (delivered | failed, with the error's class).
CREATE TABLE IF NOT EXISTS alert_deliveries (
    dedup_key    VARCHAR   NOT NULL,
    route        VARCHAR   NOT NULL,
    level        INTEGER   NOT NULL,
    marks        VARCHAR[] NOT NULL,
    night        DATE      NOT NULL,
    attempt      INTEGER   NOT NULL,
    status       VARCHAR   NOT NULL,
    error_class  VARCHAR,
    digest       BOOLEAN   NOT NULL,
    sent_at      TIMESTAMP NOT NULL
);

-- Files a nightly scan could not read, one row per night (file_key: a hash of processor and path).
CREATE TABLE IF NOT EXISTS scan_failures (
    processor    VARCHAR NOT NULL,
    file_key     VARCHAR NOT NULL,
    night        DATE    NOT NULL,
    file_name    VARCHAR NOT NULL,   -- the file's name, masked (masking.redact)
    error_class  VARCHAR NOT NULL,
    PRIMARY KEY (processor, file_key, night)
);

-- The year's linking state (outbound.warehouse.linking), per processor and calendar year: each
-- identifier's person (`root`: the smallest node of its connected component, flattened), each
-- person's size and whether it holds a sensitive occurrence, the groups (recipient, month,
-- scenario) each person appears in, and the counts. A new export is merged into it in the
-- transaction that records it, touching only the persons its identifiers reach. `year_links.stamp`
-- names the exports the state holds: a state whose stamp is not the year's (an export deleted, a
-- warehouse from before) is stale and rebuilt from export_nodes/export_edges when next counted.
CREATE TABLE IF NOT EXISTS year_links (
    processor   VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    stamp       VARCHAR NOT NULL,
    crowded     BIGINT  NOT NULL,   -- persons with more than persons.CROWDED_IDENTIFIERS identifiers
    largest     BIGINT  NOT NULL,   -- identifiers of the largest person
    PRIMARY KEY (processor, year)
);
CREATE TABLE IF NOT EXISTS year_nodes (
    processor   VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    node        INTEGER NOT NULL,
    root        INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS year_persons (
    processor   VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    root        INTEGER NOT NULL,
    size        BIGINT  NOT NULL,
    sensitive   BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS year_groups (
    processor   VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    root        INTEGER NOT NULL,
    dim         VARCHAR NOT NULL,   -- recipient | month | scenario
    key         VARCHAR NOT NULL,   -- '' when the export did not say
    sensitive   BOOLEAN NOT NULL
);
-- Linked persons per group (dim 'total': the year), and unlinked rows, each counted once per group.
CREATE TABLE IF NOT EXISTS year_tally (
    processor           VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    dim                 VARCHAR NOT NULL,
    key                 VARCHAR NOT NULL,
    persons             BIGINT  NOT NULL,
    sensitive_persons   BIGINT  NOT NULL,
    unlinked            BIGINT  NOT NULL,
    unlinked_sensitive  BIGINT  NOT NULL,
    PRIMARY KEY (processor, year, dim, key)
);
