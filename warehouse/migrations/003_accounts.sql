-- Staff workflows: local accounts and roles, undoing imports, and the previous versions of
-- registry rows an import replaced (dossiers already keep theirs in dossier_history).

CREATE TABLE users (
    username            VARCHAR PRIMARY KEY,       -- local name, or the e-mail an SSO login gives
    display_name        VARCHAR,
    role                VARCHAR NOT NULL,          -- viewer, staff, admin
    password_hash       VARCHAR,                   -- argon2id; NULL for accounts that only sign in by SSO
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP,
    last_login_at       TIMESTAMP,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE
);

-- One row per undone import: who undid it, when, and the log line of the undo itself.
CREATE TABLE import_undos (
    import_id   INTEGER PRIMARY KEY,
    undo_id     INTEGER NOT NULL,                  -- the import_log row that records the undo
    undone_by   VARCHAR NOT NULL,
    undone_at   TIMESTAMP NOT NULL,
    rows_removed  INTEGER NOT NULL DEFAULT 0,      -- rows the import had added
    rows_restored INTEGER NOT NULL DEFAULT 0       -- rows put back as they were before it
);

-- Previous versions of registry rows and targets an import replaced, as for dossiers.
CREATE TABLE unit_history AS SELECT * FROM units WITH NO DATA;
ALTER TABLE unit_history ADD COLUMN replaced_by_import INTEGER;
CREATE TABLE procedure_history AS SELECT * FROM procedures WITH NO DATA;
ALTER TABLE procedure_history ADD COLUMN replaced_by_import INTEGER;
CREATE TABLE target_history AS SELECT * FROM targets WITH NO DATA;
ALTER TABLE target_history ADD COLUMN replaced_by_import INTEGER;
