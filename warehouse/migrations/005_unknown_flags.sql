-- Real data at the door: unknown flags, unit names without the portal's suffix, column mappings.

-- A yes/no column a file does not have is unknown, not "no" (docs: rule "absent means unknown"):
-- the dossier flags become nullable, and the rollups count, beside each flag, the dossiers
-- whose value is known: those counts are the denominators of the digitization, reuse, payment
-- and apology rates.
ALTER TABLE dossiers ALTER COLUMN digitized DROP NOT NULL;
ALTER TABLE dossiers ALTER COLUMN result_digitized DROP NOT NULL;
ALTER TABLE dossiers ALTER COLUMN reused DROP NOT NULL;
ALTER TABLE dossiers ALTER COLUMN fee_required DROP NOT NULL;
ALTER TABLE dossiers ALTER COLUMN paid_online DROP NOT NULL;
ALTER TABLE dossiers ALTER COLUMN apology DROP NOT NULL;

ALTER TABLE daily_counts ADD COLUMN received_digitized_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN received_reused_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN received_fee_paid_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN resolved_late_apology_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN resolved_result_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN resolved_digitized_full_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN received_digitized_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN received_reused_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN received_fee_paid_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN resolved_late_apology_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN resolved_result_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_daily_counts ADD COLUMN resolved_digitized_full_known INTEGER NOT NULL DEFAULT 0;

-- Until now every stored flag was known (absent columns were stored as "no"): the known counts
-- of existing rollups are the counts they are the denominators of.
UPDATE daily_counts SET received_digitized_known = received, received_reused_known = received,
    received_fee_paid_known = received_fee, resolved_late_apology_known = resolved_late,
    resolved_result_known = resolved, resolved_digitized_full_known = resolved;
UPDATE unit_daily_counts SET received_digitized_known = received, received_reused_known = received,
    received_fee_paid_known = received_fee, resolved_late_apology_known = resolved_late,
    resolved_result_known = resolved, resolved_digitized_full_known = resolved;

-- Unit names are matched without the " - Tỉnh …" suffix the national portal adds (vn_unit_key).
UPDATE units SET name_key = vn_unit_key(unit_name);

-- Column mappings staff keep for their system's exports (data_loaders/mappings.py).
CREATE TABLE column_mappings (
    name        VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,              -- the import kind it maps columns for
    columns     VARCHAR NOT NULL,              -- JSON {folded header: canonical column, "" = not imported}
    headers     VARCHAR,                       -- JSON list of the headers it was made from, as written
    header_key  VARCHAR NOT NULL,              -- their folded set: a file with the same set uses it
    created_by  VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    updated_by  VARCHAR,
    updated_at  TIMESTAMP NOT NULL
);
ALTER TABLE import_log ADD COLUMN mapping_name VARCHAR;

-- The national portal identifies units by departmentId (a UUID); its transparency and
-- satisfaction responses carry no departmentCode. Every id seen is kept with the unit it was
-- found to be, so a later file (or a file without codes) finds the same unit.
CREATE TABLE unit_portal_ids (
    portal_id   VARCHAR PRIMARY KEY,
    unit_code   VARCHAR NOT NULL,
    portal_name VARCHAR,                       -- the name the portal gave it, last seen
    import_id   INTEGER
);
ALTER TABLE portal766_scores ADD COLUMN portal_id VARCHAR;
ALTER TABLE portal766_scores ADD COLUMN extra VARCHAR;          -- JSON: the portal's other fields (stt, agencyLevel, monthlyChart …)
ALTER TABLE portal766_metrics ADD COLUMN quality_status VARCHAR;   -- dataQualityStatus as published
ALTER TABLE portal766_metrics ADD COLUMN quality_message VARCHAR;  -- dataQualityMessage
ALTER TABLE portal766_metrics ADD COLUMN extra VARCHAR;
