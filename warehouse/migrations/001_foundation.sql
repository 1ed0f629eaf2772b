-- Foundation schema: registry (units, procedures), dossiers, targets, the import log and the
-- rows an import rejected. Scores (PAR, portal 766) arrive in a later migration.
-- Kept to types and syntax a server database understands too (no DuckDB-only types).

CREATE TABLE units (
    unit_code       VARCHAR PRIMARY KEY,
    unit_name       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,          -- province, department, district, commune, center, other
    parent_code     VARCHAR,
    admin_code      VARCHAR,                   -- GSO code: 2-digit province, 5-digit commune
    lat             DOUBLE,
    lon             DOUBLE,
    valid_from      DATE,
    valid_to        DATE,
    successor_code  VARCHAR,
    name_key        VARCHAR NOT NULL,          -- unit_name folded (no case, diacritics, punctuation)
    import_id       INTEGER
);

CREATE TABLE procedures (
    procedure_code          VARCHAR PRIMARY KEY,   -- national code without suffix: 1.001612
    procedure_name          VARCHAR,
    field_name              VARCHAR,
    online_level            VARCHAR NOT NULL,      -- full, partial, none
    fee_required            BOOLEAN,
    paper_result_required   BOOLEAN,
    import_id               INTEGER
);

-- dossier_code is unique, but not declared a PRIMARY KEY: keeping an index of millions of
-- codes made every import several times slower, and the import already guarantees it (one
-- row per code in a file, then insert new codes / update known ones, in one transaction).
CREATE TABLE dossiers (
    dossier_code        VARCHAR NOT NULL,
    procedure_code      VARCHAR,                   -- normalised (suffix dropped)
    procedure_code_raw  VARCHAR,
    procedure_name      VARCHAR,
    field_code          VARCHAR,
    field_name          VARCHAR,
    unit_code           VARCHAR,                   -- NULL when the name matched no registered unit
    unit_name           VARCHAR,
    channel             VARCHAR NOT NULL,          -- direct, online, postal
    service_level       VARCHAR,                   -- full, partial, none; NULL = use the catalogue
    received_at         TIMESTAMP NOT NULL,
    due_at              TIMESTAMP,
    due_deadline        TIMESTAMP,                 -- due_at, or the end of that day when it has no time
    completed_at        TIMESTAMP,
    returned_at         TIMESTAMP,
    status              SMALLINT NOT NULL,         -- national portal TrangThaiHoSo 1..10
    digitized           BOOLEAN NOT NULL,
    result_digitized    BOOLEAN NOT NULL,
    reused              BOOLEAN NOT NULL,
    fee_required        BOOLEAN NOT NULL,
    paid_online         BOOLEAN NOT NULL,
    apology             BOOLEAN NOT NULL,
    rating              DOUBLE,
    import_id           INTEGER NOT NULL
);

CREATE TABLE targets (
    metric      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    scope       VARCHAR NOT NULL,          -- 'all', a unit kind, or a unit_code
    value       DOUBLE NOT NULL,           -- percent points for rates (95 = 95%), days for avg_processing_days
    import_id   INTEGER,
    PRIMARY KEY (metric, year, scope)
);

CREATE SEQUENCE import_id_seq START 1;

CREATE TABLE import_log (
    import_id       INTEGER PRIMARY KEY,
    file_name       VARCHAR NOT NULL,
    file_hash       VARCHAR NOT NULL,          -- sha256 of the bytes as uploaded
    file_size       BIGINT,
    kind            VARCHAR,
    status          VARCHAR NOT NULL,          -- ok, refused (strict / unreadable), failed
    message         VARCHAR,
    rows_read       INTEGER DEFAULT 0,
    rows_imported   INTEGER DEFAULT 0,         -- new keys
    rows_updated    INTEGER DEFAULT 0,         -- existing keys whose values changed
    rows_unchanged  INTEGER DEFAULT 0,
    rows_skipped    INTEGER DEFAULT 0,         -- blank, totals and repeated identical rows
    rows_rejected   INTEGER DEFAULT 0,
    unknown_columns VARCHAR,                   -- JSON list of headers that matched nothing
    column_map      VARCHAR,                   -- JSON {file header: canonical name}
    headers         VARCHAR,                   -- JSON list of the file's headers, in order
    encoding        VARCHAR,
    strict          BOOLEAN DEFAULT FALSE,
    imported_by     VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP
);

CREATE TABLE rejected_rows (
    import_id   INTEGER NOT NULL,
    row_number  INTEGER NOT NULL,              -- line in the file (CSV) or sheet row (XLSX)
    column_name VARCHAR,                       -- the canonical column at fault
    reason      VARCHAR NOT NULL,              -- reason code, see data_loaders/messages.py
    message_vi  VARCHAR NOT NULL,
    message_en  VARCHAR NOT NULL,
    raw         VARCHAR                        -- the row's cells as read, JSON list in header order
);

-- Rollups kept current at import so pages never scan the dossier table. One row per
-- (day, unit, procedure) with every count of SPEC section 3 that adds up. Received-side
-- counts sit on the day received, resolved-side counts on the day the dossier ended,
-- and pending counts as +1/-1 events so pending at any date is a running sum.
CREATE TABLE daily_counts (
    day                     DATE NOT NULL,
    unit_code               VARCHAR,
    procedure_code          VARCHAR,
    online_level            VARCHAR,
    received                INTEGER NOT NULL DEFAULT 0,
    received_online         INTEGER NOT NULL DEFAULT 0,
    received_postal         INTEGER NOT NULL DEFAULT 0,
    received_full_level     INTEGER NOT NULL DEFAULT 0,
    received_full_online    INTEGER NOT NULL DEFAULT 0,
    received_digitized      INTEGER NOT NULL DEFAULT 0,
    received_reused         INTEGER NOT NULL DEFAULT 0,
    received_fee            INTEGER NOT NULL DEFAULT 0,
    received_fee_paid_online INTEGER NOT NULL DEFAULT 0,
    resolved                INTEGER NOT NULL DEFAULT 0,
    resolved_on_time        INTEGER NOT NULL DEFAULT 0,
    resolved_early          INTEGER NOT NULL DEFAULT 0,
    resolved_late           INTEGER NOT NULL DEFAULT 0,
    resolved_late_apology   INTEGER NOT NULL DEFAULT 0,
    resolved_no_due         INTEGER NOT NULL DEFAULT 0,
    resolved_result_digitized INTEGER NOT NULL DEFAULT 0,
    resolved_digitized_full INTEGER NOT NULL DEFAULT 0,
    processing_days_sum     DOUBLE NOT NULL DEFAULT 0,
    withdrawn               INTEGER NOT NULL DEFAULT 0,
    pending_delta           INTEGER NOT NULL DEFAULT 0,   -- dossiers with a due date
    overdue_delta           INTEGER NOT NULL DEFAULT 0,
    pending_no_due_delta    INTEGER NOT NULL DEFAULT 0
);

-- The same counts summed over procedures: what the overview, rankings and trends read.
CREATE TABLE unit_daily_counts AS SELECT * FROM daily_counts WITH NO DATA;
ALTER TABLE unit_daily_counts DROP COLUMN procedure_code;
ALTER TABLE unit_daily_counts DROP COLUMN online_level;

-- Unit codes the dossiers name, with the name they give: labels for codes the registry lacks.
CREATE TABLE dossier_units (
    unit_code   VARCHAR,
    unit_name   VARCHAR,
    dossiers    INTEGER NOT NULL
);

-- Procedure codes the dossiers name, with the name and field they give: labels for codes the
-- catalogue lacks, and the field of each procedure for "by field" breakdowns.
CREATE TABLE dossier_procedures (
    procedure_code  VARCHAR,
    procedure_name  VARCHAR,
    field_name      VARCHAR,
    dossiers        INTEGER NOT NULL
);

CREATE TABLE meta (
    key     VARCHAR PRIMARY KEY,
    value   VARCHAR
);

-- Previous versions of dossiers an import replaced, so an import can be undone later.
CREATE TABLE dossier_history AS SELECT * FROM dossiers WITH NO DATA;
ALTER TABLE dossier_history ADD COLUMN replaced_by_import INTEGER;
