-- The daily rollup: every count of SPEC §3 that adds up, per (day, unit, procedure).
-- Rebuilt inside each import's transaction. Received-side counts sit on the day received,
-- resolved-side counts on the day the dossier ended, and pending counts are +1/−1 events:
-- pending at the end of day T = the sum of the events up to T.
WITH dossier AS NOT MATERIALIZED (
    SELECT
        d.unit_code,
        d.procedure_code,
        coalesce(d.service_level, p.online_level, 'none') AS online_level,
        d.status,
        d.channel,
        d.received_at,
        d.due_at,
        d.due_deadline,
        CASE WHEN d.status IN (8, 9, 10) THEN coalesce(d.completed_at, d.returned_at) END AS end_at,
        d.digitized,
        d.result_digitized,
        d.reused,
        d.fee_required,
        d.paid_online,
        d.apology
    FROM dossiers AS d
    LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
    WHERE d.status NOT IN (1, 3)            -- never received
),

fact AS NOT MATERIALIZED (
    SELECT
        *,
        CAST(received_at AS DATE) AS received_day,
        CAST(end_at AS DATE) AS end_day,
        -- the day an ended dossier leaves the pending list (never before it arrived);
        -- greatest() skips NULLs, hence the CASE
        CASE WHEN end_at IS NOT NULL
             THEN greatest(CAST(end_at AS DATE), CAST(received_at AS DATE)) END AS leave_day,
        -- the first day at whose end a pending dossier is overdue: a deadline at the very
        -- end of its day (date-only due dates) is overdue from the next day on
        CASE WHEN due_deadline IS NOT NULL THEN greatest(
            CAST(due_deadline AS DATE)
            + CASE WHEN due_deadline = CAST(due_deadline AS DATE) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
                   THEN 1 ELSE 0 END,
            CAST(received_at AS DATE)
        ) END AS overdue_day
    FROM dossier
),

received AS (
    SELECT
        received_day AS day, unit_code, procedure_code, online_level,
        count(*) AS received,
        count(*) FILTER (WHERE channel = 'online') AS received_online,
        count(*) FILTER (WHERE channel = 'postal') AS received_postal,
        count(*) FILTER (WHERE online_level = 'full') AS received_full_level,
        count(*) FILTER (WHERE online_level = 'full' AND channel = 'online') AS received_full_online,
        count(*) FILTER (WHERE digitized) AS received_digitized,
        count(*) FILTER (WHERE reused) AS received_reused,
        count(*) FILTER (WHERE fee_required) AS received_fee,
        count(*) FILTER (WHERE fee_required AND paid_online) AS received_fee_paid_online,
        0 AS resolved, 0 AS resolved_on_time, 0 AS resolved_early, 0 AS resolved_late,
        0 AS resolved_late_apology, 0 AS resolved_no_due, 0 AS resolved_result_digitized,
        0 AS resolved_digitized_full, CAST(0 AS DOUBLE) AS processing_days_sum,
        count(*) FILTER (WHERE status = 7) AS withdrawn,
        0 AS pending_delta, 0 AS overdue_delta, 0 AS pending_no_due_delta
    FROM fact
    GROUP BY received_day, unit_code, procedure_code, online_level
),

resolved AS (
    SELECT
        end_day AS day, unit_code, procedure_code, online_level,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*) AS resolved,
        count(*) FILTER (WHERE end_at <= due_deadline) AS resolved_on_time,
        count(*) FILTER (WHERE CAST(end_at AS DATE) < CAST(due_at AS DATE)) AS resolved_early,
        count(*) FILTER (WHERE end_at > due_deadline) AS resolved_late,
        count(*) FILTER (WHERE end_at > due_deadline AND apology) AS resolved_late_apology,
        count(*) FILTER (WHERE due_deadline IS NULL) AS resolved_no_due,
        count(*) FILTER (WHERE result_digitized) AS resolved_result_digitized,
        count(*) FILTER (WHERE result_digitized AND digitized) AS resolved_digitized_full,
        coalesce(sum(epoch(end_at) - epoch(received_at)), 0) / 86400.0 AS processing_days_sum,
        0, 0, 0, 0
    FROM fact
    WHERE end_at IS NOT NULL
    GROUP BY end_day, unit_code, procedure_code, online_level
),

-- Pending events. Withdrawn dossiers leave every on-time count, pending included. A dossier
-- that ends on the day it arrived is never pending at a day's end: it makes no events.
pending_event AS (
    SELECT received_day AS day, unit_code, procedure_code, online_level,
           CASE WHEN due_deadline IS NOT NULL THEN 1 ELSE 0 END AS pending_delta,
           0 AS overdue_delta,
           CASE WHEN due_deadline IS NULL THEN 1 ELSE 0 END AS pending_no_due_delta
    FROM fact WHERE status <> 7 AND leave_day IS DISTINCT FROM received_day
    UNION ALL
    SELECT leave_day, unit_code, procedure_code, online_level,
           CASE WHEN due_deadline IS NOT NULL THEN -1 ELSE 0 END,
           CASE WHEN due_deadline IS NOT NULL AND overdue_day < leave_day THEN -1 ELSE 0 END,
           CASE WHEN due_deadline IS NULL THEN -1 ELSE 0 END
    FROM fact WHERE status <> 7 AND leave_day IS NOT NULL AND leave_day <> received_day
    UNION ALL
    SELECT overdue_day, unit_code, procedure_code, online_level, 0, 1, 0
    FROM fact
    WHERE status <> 7 AND due_deadline IS NOT NULL AND (leave_day IS NULL OR overdue_day < leave_day)
),

pending AS (
    SELECT
        day, unit_code, procedure_code, online_level,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, CAST(0 AS DOUBLE), 0,
        sum(pending_delta), sum(overdue_delta), sum(pending_no_due_delta)
    FROM pending_event
    GROUP BY day, unit_code, procedure_code, online_level
),

combined AS (
    SELECT * FROM received
    UNION ALL SELECT * FROM resolved
    UNION ALL SELECT * FROM pending
)

SELECT
    day, unit_code, procedure_code, online_level,
    sum(received) AS received,
    sum(received_online) AS received_online,
    sum(received_postal) AS received_postal,
    sum(received_full_level) AS received_full_level,
    sum(received_full_online) AS received_full_online,
    sum(received_digitized) AS received_digitized,
    sum(received_reused) AS received_reused,
    sum(received_fee) AS received_fee,
    sum(received_fee_paid_online) AS received_fee_paid_online,
    sum(resolved) AS resolved,
    sum(resolved_on_time) AS resolved_on_time,
    sum(resolved_early) AS resolved_early,
    sum(resolved_late) AS resolved_late,
    sum(resolved_late_apology) AS resolved_late_apology,
    sum(resolved_no_due) AS resolved_no_due,
    sum(resolved_result_digitized) AS resolved_result_digitized,
    sum(resolved_digitized_full) AS resolved_digitized_full,
    sum(processing_days_sum) AS processing_days_sum,
    sum(withdrawn) AS withdrawn,
    sum(pending_delta) AS pending_delta,
    sum(overdue_delta) AS overdue_delta,
    sum(pending_no_due_delta) AS pending_no_due_delta
FROM combined
GROUP BY day, unit_code, procedure_code, online_level
