-- Pending dossiers at the end of every month, per unit as recorded, procedure and online level:
-- the running sum of the cube's monthly pending events, over every month from a combination's
-- first event to the cube's last month (pending carries over months in which nothing happened).
-- Only rows with something pending are kept. `stock_events` is the cube (warehouse/rollups.py
-- makes it a view of month_counts, or of the combinations an import changed); the months run to
-- the whole cube's last month either way.
WITH events AS (
    SELECT month, unit_code, procedure_code, online_level, pending_delta, overdue_delta, pending_no_due_delta
    FROM stock_events
    WHERE pending_delta <> 0 OR overdue_delta <> 0 OR pending_no_due_delta <> 0
),

last_month AS (
    SELECT max(month) AS month FROM month_counts
    WHERE pending_delta <> 0 OR overdue_delta <> 0 OR pending_no_due_delta <> 0
),

combos AS (
    SELECT unit_code, procedure_code, online_level, min(month) AS first_month
    FROM events
    GROUP BY ALL
),

months AS (
    SELECT CAST(unnest(generate_series(min(month), (SELECT month FROM last_month), INTERVAL 1 MONTH)) AS DATE)
           AS month
    FROM events
),

running AS (
    SELECT
        m.month, c.unit_code, c.procedure_code, c.online_level,
        sum(coalesce(e.pending_delta, 0)) OVER w AS pending,
        sum(coalesce(e.overdue_delta, 0)) OVER w AS overdue,
        sum(coalesce(e.pending_no_due_delta, 0)) OVER w AS pending_no_due
    FROM combos AS c
    JOIN months AS m ON m.month >= c.first_month
    LEFT JOIN events AS e
      ON e.month = m.month
     AND e.unit_code IS NOT DISTINCT FROM c.unit_code
     AND e.procedure_code IS NOT DISTINCT FROM c.procedure_code
     AND e.online_level IS NOT DISTINCT FROM c.online_level
    WINDOW w AS (PARTITION BY c.unit_code, c.procedure_code, c.online_level ORDER BY m.month)
)

SELECT month, unit_code, procedure_code, online_level, pending, overdue, pending_no_due
FROM running
WHERE pending <> 0 OR overdue <> 0 OR pending_no_due <> 0
