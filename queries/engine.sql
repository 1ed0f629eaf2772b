-- The metric engine's table macros (queries/README.md), installed on every connection once the
-- warehouse's tables exist (warehouse.connect). Every query that counts goes through them.

-- The units a scope covers, as today's registry has them: a unit and every unit under it at any
-- depth (parent_code), of a kind; with no unit, every unit of the kind.
CREATE OR REPLACE TEMP MACRO unit_scope(p_kind, p_unit) AS TABLE
WITH RECURSIVE tree(unit_code, depth) AS (
    SELECT unit_code, 0 FROM units WHERE unit_code = p_unit
    UNION ALL
    SELECT u.unit_code, t.depth + 1
    FROM units AS u JOIN tree AS t ON u.parent_code = t.unit_code
    WHERE t.depth < 10 AND u.unit_code <> t.unit_code  -- a cycle typed into a registry file stops here
)
SELECT DISTINCT unit_code FROM units
WHERE (p_kind IS NULL OR kind = p_kind)
  AND (p_unit IS NULL OR unit_code IN (SELECT unit_code FROM tree));

-- The units as recorded on the dossiers that a scope covers, with the unit that carries their
-- counts today (a unit merged in 2025 counts with its successor). Both NULL: every recorded code.
CREATE OR REPLACE TEMP MACRO scope_recorded(p_kind, p_unit) AS TABLE
SELECT c.unit_code, c.current_code FROM unit_current AS c
WHERE (p_kind IS NULL AND p_unit IS NULL)
   OR c.current_code IN (SELECT unit_code FROM unit_scope(p_kind, p_unit));

-- Each procedure code's name and field as the dossiers give them most often (name rollup): what a
-- page shows for a code the catalogue does not name.
CREATE OR REPLACE TEMP MACRO procedure_labels() AS TABLE
SELECT procedure_code, arg_max(procedure_name, dossiers) AS procedure_name,
       arg_max(field_name, dossiers) AS field_name
FROM dossier_procedure_names
GROUP BY procedure_code;

-- Each of p_periods' ({label, p_start, p_end}) days outside its whole months: the part a query
-- reads from a daily table (whole months come from a monthly one). At most two ranges per period
-- that never overlap, and none for a period of whole months, so that a query joining the daily
-- table to these ranges does not read it at all then (it scanned every day of the table before).
CREATE OR REPLACE TEMP MACRO partial_days(p_periods) AS TABLE
SELECT * FROM (
    SELECT p.label, CAST(p.p_start AS DATE) AS first_day,
           least(CAST(p.p_end AS DATE), vn_first_whole_month(p.p_start) - 1) AS last_day
    FROM (SELECT unnest(p_periods) AS p)
    UNION ALL
    SELECT p.label, greatest(CAST(p.p_start AS DATE), vn_first_whole_month(p.p_start), vn_last_whole_day(p.p_end) + 1),
           CAST(p.p_end AS DATE)
    FROM (SELECT unnest(p_periods) AS p)
) WHERE first_day <= last_day;

-- Every count for [p_start, p_end] and the dossiers pending at the end of p_end, per unit AS
-- RECORDED, procedure and online level. Whole months come from the cube, the days of partial
-- months from the daily rollup; pending from the month-end stock (plus the days of p_end's
-- month when p_end is not a month's end).
CREATE OR REPLACE TEMP MACRO recorded_counts(p_start, p_end) AS TABLE
-- (the months' bounds are written out as constant expressions of the parameters, not joined from
-- a CTE: constants let DuckDB skip the row groups of other months)
WITH flows AS (
    SELECT m.* EXCLUDE (month, pending_delta, overdue_delta, pending_no_due_delta)
    FROM month_counts AS m
    WHERE m.month >= vn_first_whole_month(p_start) AND m.month <= vn_last_whole_day(p_end)
    /*PARTIAL_DAYS*/
    UNION ALL BY NAME
    -- the days outside whole months (partial_days): none for a period of whole months, and then
    -- the daily table is not read (its one condition before read every day of the period: 100 ms
    -- at 10 M dossiers, for no row)
    SELECT d.* EXCLUDE (day, pending_delta, overdue_delta, pending_no_due_delta)
    FROM partial_days([{'label': '', 'p_start': p_start, 'p_end': p_end}]) AS r
    JOIN daily_counts AS d ON d.day BETWEEN r.first_day AND r.last_day
    /*END_PARTIAL_DAYS*/
),
stock AS (
    SELECT s.unit_code, s.procedure_code, s.online_level, s.pending, s.overdue, s.pending_no_due
    FROM month_stock AS s
    WHERE s.month = vn_stock_month(p_end)
    /*PARTIAL_DAYS*/
    UNION ALL
    SELECT d.unit_code, d.procedure_code, d.online_level, d.pending_delta, d.overdue_delta, d.pending_no_due_delta
    FROM daily_counts AS d
    WHERE d.day BETWEEN CAST(date_trunc('month', CAST(p_end AS DATE)) AS DATE) AND CAST(p_end AS DATE)
      AND CAST(p_end AS DATE) <> last_day(CAST(p_end AS DATE))
    /*END_PARTIAL_DAYS*/
),
counted AS (
    SELECT unit_code, procedure_code, online_level,
           CAST(coalesce(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))), 0) AS BIGINT)
    FROM (SELECT * FROM flows UNION ALL BY NAME SELECT * FROM stock)
    GROUP BY ALL
)
-- the pending counts (docs/definitions.md, "Metrics"), defined here only
SELECT
    * EXCLUDE (pending, overdue, pending_no_due, resolved_no_due),
    pending - overdue AS pending_within,
    overdue AS pending_overdue,
    resolved_no_due + pending_no_due AS missing_due_date
FROM counted;

-- The same for a scope (p_kind, p_unit; both NULL: the whole province, codes the registry lacks
-- included), per unit as it is today, procedure and online level: what every query counts from.
CREATE OR REPLACE TEMP MACRO period_counts(p_start, p_end, p_kind, p_unit) AS TABLE
SELECT coalesce(r.current_code, x.unit_code) AS unit_code, x.procedure_code, x.online_level,
       CAST(sum(COLUMNS(x.* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
FROM recorded_counts(p_start, p_end) AS x
LEFT JOIN scope_recorded(p_kind, p_unit) AS r ON r.unit_code = x.unit_code
WHERE (p_kind IS NULL AND p_unit IS NULL) OR r.unit_code IS NOT NULL
GROUP BY ALL;

-- (queries.engine_sql adds recorded_whole_months and period_whole_months: the two macros above
-- without their /*PARTIAL_DAYS*/ branches, for periods of whole months.)
