-- The warehouse holds exports, column labels, keyed hashes and counts only: never raw values.
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

-- One row per exported row that carries personal information.
CREATE TABLE IF NOT EXISTS person_rows (
    processor       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    row_no          BIGINT  NOT NULL,
    sensitive       BOOLEAN NOT NULL,
    PRIMARY KEY (processor, content_sha256, row_no)
);

-- Keyed hashes (HMAC) of the person identifiers seen on each row; rows sharing one are one person.
CREATE TABLE IF NOT EXISTS row_identifiers (
    processor       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    row_no          BIGINT  NOT NULL,
    entity          VARCHAR NOT NULL,
    id_hash         VARCHAR NOT NULL,
    PRIMARY KEY (processor, content_sha256, row_no, entity)
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
