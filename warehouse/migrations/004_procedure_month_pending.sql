-- Pending deltas per unit, procedure and month (queries/procedure_month_pending.sql builds it at
-- every import, with the other rollups): "pending at a period's end" per procedure no longer sums
-- every day since the first dossier.
CREATE TABLE procedure_month_pending (
    month                   DATE NOT NULL,
    unit_code               VARCHAR,
    procedure_code          VARCHAR,
    pending_delta           BIGINT NOT NULL,
    overdue_delta           BIGINT NOT NULL,
    pending_no_due_delta    BIGINT NOT NULL
);

-- Databases made before this migration: fill it from their daily rollup (as the query file does).
INSERT INTO procedure_month_pending
SELECT CAST(date_trunc('month', day) AS DATE), unit_code, procedure_code,
       sum(pending_delta), sum(overdue_delta), sum(pending_no_due_delta)
FROM daily_counts
GROUP BY ALL
HAVING sum(pending_delta) <> 0 OR sum(overdue_delta) <> 0 OR sum(pending_no_due_delta) <> 0;
