-- The engine's monthly cube (queries/README.md): the daily rollup's counts summed by month per
-- unit as recorded, procedure and online level, and the pending state at each month's end. Pages
-- read these instead of days; the daily rollup remains for the days of partial months.
-- Processing time is kept in whole seconds: every count is an integer, added up the same way.
ALTER TABLE daily_counts DROP COLUMN processing_days_sum;
ALTER TABLE daily_counts ADD COLUMN processing_seconds BIGINT NOT NULL DEFAULT 0;
-- The counts are the daily rollup's columns: made from it so that both always match.
CREATE TABLE month_counts AS SELECT * FROM daily_counts WITH NO DATA;
ALTER TABLE month_counts RENAME COLUMN day TO month;

-- Pending dossiers at the end of each month, per unit as recorded, procedure and level (rows
-- where any is non-zero): the running sum of the monthly pending events.
CREATE TABLE month_stock (
    month           DATE NOT NULL,
    unit_code       VARCHAR,
    procedure_code  VARCHAR,
    online_level    VARCHAR,
    pending         BIGINT NOT NULL,
    overdue         BIGINT NOT NULL,
    pending_no_due  BIGINT NOT NULL
);

-- The same per unit only (procedures and levels summed): what per-unit and whole-scope figures
-- read, a few hundred rows a month whatever the number of dossiers.
CREATE TABLE unit_day_counts AS SELECT * FROM daily_counts WITH NO DATA;
ALTER TABLE unit_day_counts DROP COLUMN procedure_code;
ALTER TABLE unit_day_counts DROP COLUMN online_level;
CREATE TABLE unit_month_counts AS SELECT * FROM month_counts WITH NO DATA;
ALTER TABLE unit_month_counts DROP COLUMN procedure_code;
ALTER TABLE unit_month_counts DROP COLUMN online_level;
CREATE TABLE unit_month_stock (
    month           DATE NOT NULL,
    unit_code       VARCHAR,
    pending         BIGINT NOT NULL,
    overdue         BIGINT NOT NULL,
    pending_no_due  BIGINT NOT NULL
);

-- The names dossiers give a code, counted (additive, so an import adds its own): labels for
-- codes the registry or catalogue lacks, and each procedure's field.
CREATE TABLE dossier_unit_names (unit_code VARCHAR, unit_name VARCHAR, dossiers BIGINT NOT NULL);
CREATE TABLE dossier_procedure_names (procedure_code VARCHAR, procedure_name VARCHAR, field_name VARCHAR,
                                      dossiers BIGINT NOT NULL);

-- The engine before the cube: its tables are replaced by the ones above.
DROP TABLE unit_daily_counts;
DROP TABLE procedure_month_pending;
DROP TABLE dossier_units;
DROP TABLE dossier_procedures;

-- Filled by warehouse.rollups.rebuild after this migration (it needs the engine's SQL files).
INSERT INTO meta (key, value) VALUES ('rollups_stale', '1')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
