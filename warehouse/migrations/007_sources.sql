-- Sources: the dashboard reads a one-stop system's database directly (data_loaders/sources.py).
-- A source defined by an admin (admin page, `cli.py source add`) lives here; sources written in
-- .streamlit/secrets.toml or the environment are read from there and only their pulls are kept
-- here. Passwords are never stored: `url` has none, `password_env` names the environment
-- variable that holds it.
CREATE TABLE sources (
    name            VARCHAR PRIMARY KEY,           -- a-z, 0-9, _ and -
    url             VARCHAR NOT NULL,              -- SQLAlchemy URL without a password
    password_env    VARCHAR,                       -- environment variable holding the password
    table_name      VARCHAR,                       -- a table or view (schema.table), or …
    query           VARCHAR,                       -- … one SELECT
    kind            VARCHAR NOT NULL,              -- dossiers, units, procedures
    mapping_name    VARCHAR,                       -- a saved column mapping (column_mappings.name)
    changed_column  VARCHAR,                       -- incremental: rows whose value is >= the watermark
    timeout_seconds INTEGER NOT NULL,              -- the source's statement timeout
    enabled         BOOLEAN NOT NULL DEFAULT TRUE, -- pulled by `cli.py pull --all`
    created_by      VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR,
    updated_at      TIMESTAMP NOT NULL
);

-- Every pull of every source (wherever it is defined): what happened, and for a pull that
-- imported, the watermark it reached. It is written inside the import's own transaction, so a
-- watermark exists only for rows that were committed; the current watermark of a source is
-- that of its latest such pull whose import has not been undone.
CREATE SEQUENCE source_pull_id_seq;
CREATE TABLE source_pulls (
    pull_id         INTEGER PRIMARY KEY DEFAULT nextval('source_pull_id_seq'),
    source_name     VARCHAR NOT NULL,
    import_id       INTEGER,                       -- the import it became (import_log), if any
    status          VARCHAR NOT NULL,              -- ok, nothing_new, refused, failed
    rows_pulled     BIGINT NOT NULL DEFAULT 0,
    since           VARCHAR,                       -- JSON {"type", "value"}: the lower bound used
    watermark       VARCHAR,                       -- JSON {"type", "value"}: after this pull (ok only)
    message         VARCHAR,                       -- why, when not ok (no credentials)
    pulled_by       VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP
);
