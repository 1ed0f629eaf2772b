-- Every count and metric per calendar month from $start to $end in a scope, pending at each
-- month's end (at $end for the last month when the period stops inside it): whole months from the
-- cube and its month-end stock, the partial first and last months from the engine's period counts.
WITH months AS (
    SELECT CAST(unnest(generate_series(date_trunc('month', CAST($start AS DATE)),
                                       date_trunc('month', CAST($end AS DATE)), INTERVAL 1 MONTH)) AS DATE) AS month
),

edges AS (  -- the first and last month when the period covers only part of them
    SELECT month,
           greatest(month, CAST($start AS DATE)) AS from_day,
           least(last_day(month), CAST($end AS DATE)) AS to_day
    FROM months
    WHERE month < CAST($start AS DATE) OR last_day(month) > CAST($end AS DATE)
),

recorded AS (
    SELECT * FROM scope_recorded($kind, $unit)
),

whole_flows AS (
    SELECT m.month, CAST(sum(COLUMNS(m.* EXCLUDE (month, unit_code, procedure_code, online_level, pending_delta,
                                                  overdue_delta, pending_no_due_delta))) AS BIGINT)
    FROM month_counts AS m
    WHERE m.month IN (SELECT month FROM months) AND m.month NOT IN (SELECT month FROM edges)
      AND (($kind IS NULL AND $unit IS NULL) OR m.unit_code IN (SELECT unit_code FROM recorded))
    GROUP BY m.month
),

whole_stock AS (
    SELECT s.month, sum(s.pending) AS pending, sum(s.overdue) AS overdue, sum(s.pending_no_due) AS pending_no_due
    FROM month_stock AS s
    WHERE s.month IN (SELECT month FROM months) AND s.month NOT IN (SELECT month FROM edges)
      AND (($kind IS NULL AND $unit IS NULL) OR s.unit_code IN (SELECT unit_code FROM recorded))
    GROUP BY s.month
),

whole AS (
    SELECT m.month,
           COLUMNS(f.* EXCLUDE (month, resolved_no_due)),
           CAST(coalesce(s.pending, 0) - coalesce(s.overdue, 0) AS BIGINT) AS pending_within,
           CAST(coalesce(s.overdue, 0) AS BIGINT) AS pending_overdue,
           CAST(coalesce(f.resolved_no_due, 0) + coalesce(s.pending_no_due, 0) AS BIGINT) AS missing_due_date
    FROM months AS m
    LEFT JOIN whole_flows AS f ON f.month = m.month
    LEFT JOIN whole_stock AS s ON s.month = m.month
    WHERE m.month NOT IN (SELECT month FROM edges)
),

partial AS (  -- at most two months: the engine's own period counts for their days
    SELECT e.month, CAST(sum(COLUMNS(c.* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
    FROM edges AS e, LATERAL (SELECT * FROM period_counts(e.from_day, e.to_day, $kind, $unit)) AS c
    GROUP BY e.month
),

counted AS (
    SELECT * FROM whole UNION ALL BY NAME SELECT * FROM partial
)

SELECT
    m.month,
    coalesce(COLUMNS(c.* EXCLUDE (month)), 0),
    /*UNIT_RATES*/
FROM months AS m
LEFT JOIN counted AS c ON c.month = m.month
ORDER BY m.month
