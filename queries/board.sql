-- The counts of several periods at once, per unit as it is today: what a page shows (this period,
-- the one before, the same one last year, each month of a trend) in one query over the per-unit
-- tables (a few hundred rows a month, whatever the number of dossiers). The metrics of each row
-- are computed from these counts by metrics.add_rates (queries/README.md says why not here).
-- $periods: a list of {label, p_start, p_end}. One row per period and registered unit of kind
-- $kind (every unit when NULL, then also the codes the registry lacks); `rank` by the metric the
-- query was written for (/*METRIC_VALUE*/) among the period's units, 1 = best, ties sharing a rank,
-- no value no rank; `in_scope`: the unit counts in the scope ($kind, $unit) of the page's totals.
WITH periods AS (
    SELECT p.label, CAST(p.p_start AS DATE) AS p_start, CAST(p.p_end AS DATE) AS p_end,
           vn_first_whole_month(p.p_start) AS first_whole, vn_last_whole_day(p.p_end) AS last_whole_end,
           vn_stock_month(p.p_end) AS stock_month,
           CAST(date_trunc('month', CAST(p.p_end AS DATE)) AS DATE) AS end_month,
           CAST(p.p_end AS DATE) = last_day(CAST(p.p_end AS DATE)) AS end_is_month_end
    FROM (SELECT unnest($periods) AS p)
),

events AS (  -- whole months from the monthly table, the days of partial months from the daily one
    SELECT p.label, m.* EXCLUDE (month, pending_delta, overdue_delta, pending_no_due_delta)
    FROM periods AS p JOIN unit_month_counts AS m ON m.month BETWEEN p.first_whole AND p.last_whole_end
    /*PARTIAL_DAYS*/  -- (queries.statement leaves these out when every period is whole months)
    UNION ALL BY NAME
    SELECT p.label, d.* EXCLUDE (day, pending_delta, overdue_delta, pending_no_due_delta)
    FROM partial_days($periods) AS p JOIN unit_day_counts AS d ON d.day BETWEEN p.first_day AND p.last_day
    /*END_PARTIAL_DAYS*/
    UNION ALL BY NAME  -- pending at the period's end: the month-end stock, then the days after it
    SELECT p.label, s.unit_code, s.pending, s.overdue, s.pending_no_due
    FROM periods AS p JOIN unit_month_stock AS s ON s.month = p.stock_month
    /*PARTIAL_DAYS*/
    UNION ALL BY NAME
    SELECT p.label, d.unit_code, d.pending_delta AS pending, d.overdue_delta AS overdue,
           d.pending_no_due_delta AS pending_no_due
    FROM (SELECT * FROM periods WHERE NOT end_is_month_end) AS p
    JOIN unit_day_counts AS d ON d.day BETWEEN p.end_month AND p.p_end
    /*END_PARTIAL_DAYS*/
),

counted AS (  -- a unit merged in 2025 counts with its successor
    SELECT e.label, coalesce(c.current_code, e.unit_code) AS unit_code,
           CAST(sum(COLUMNS(e.* EXCLUDE (label, unit_code))) AS BIGINT)
    FROM events AS e
    LEFT JOIN unit_current AS c ON c.unit_code = e.unit_code
    GROUP BY ALL
),

unit_rows AS (
    SELECT p.label, u.unit_code, u.unit_name, u.kind, TRUE AS registered
    FROM periods AS p, units AS u
    WHERE u.successor_code IS NULL AND ($kind IS NULL OR u.kind = $kind)
    UNION ALL
    SELECT c.label, c.unit_code, l.unit_name, NULL, FALSE
    FROM counted AS c
    LEFT JOIN (SELECT unit_code, arg_max(unit_name, dossiers) AS unit_name FROM dossier_unit_names
               GROUP BY unit_code) AS l ON l.unit_code IS NOT DISTINCT FROM c.unit_code
    WHERE $kind IS NULL AND (c.unit_code IS NULL OR c.unit_code NOT IN (SELECT unit_code FROM units))
),

-- the pending counts (docs/definitions.md, "Metrics"), as engine.sql defines them for the procedure-level tables
joined AS (
    SELECT r.*, c.* EXCLUDE (label, unit_code, pending, overdue, pending_no_due, resolved_no_due),
           coalesce(c.pending, 0) - coalesce(c.overdue, 0) AS pending_within, c.overdue AS pending_overdue,
           coalesce(c.resolved_no_due, 0) + coalesce(c.pending_no_due, 0) AS missing_due_date,
           r.unit_code IS NOT NULL AND coalesce(r.kind, '') <> 'province' AS rankable,
           ($kind IS NULL AND $unit IS NULL)
               OR r.unit_code IN (SELECT unit_code FROM unit_scope($kind, $unit)) AS in_scope
    FROM unit_rows AS r
    LEFT JOIN counted AS c ON c.label = r.label AND c.unit_code IS NOT DISTINCT FROM r.unit_code
),

ranked AS (  -- the rank over a narrow projection: a window over every count column costs ~7 ms
    SELECT label, unit_code, value,
           CAST(rank() OVER (PARTITION BY label ORDER BY value /*METRIC_ORDER*/) AS BIGINT) AS rank
    FROM (SELECT label, unit_code, CASE WHEN rankable THEN /*METRIC_VALUE*/ END AS value FROM joined)
    WHERE value IS NOT NULL
)

SELECT j.*, k.value, k.rank
FROM joined AS j
LEFT JOIN ranked AS k ON k.label = j.label AND k.unit_code = j.unit_code
ORDER BY j.label, k.rank NULLS LAST, j.unit_code
