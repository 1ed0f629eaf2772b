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
        coalesce(d.fee_required, p.fee_required) AS fee_required,
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
        -- a flag a file never gave is unknown (NULL): the "known" counts are the rates' denominators
        count(*) FILTER (WHERE digitized) AS received_digitized,
        count(digitized) AS received_digitized_known,
        count(*) FILTER (WHERE reused) AS received_reused,
        count(reused) AS received_reused_known,
        count(*) FILTER (WHERE fee_required) AS received_fee,
        count(*) FILTER (WHERE fee_required AND paid_online) AS received_fee_paid_online,
        count(paid_online) FILTER (WHERE fee_required) AS received_fee_paid_known,
        count(*) FILTER (WHERE status = 7) AS withdrawn
    FROM fact
    GROUP BY received_day, unit_code, procedure_code, online_level
),

resolved AS (
    SELECT
        end_day AS day, unit_code, procedure_code, online_level,
        count(*) AS resolved,
        count(*) FILTER (WHERE end_at <= due_deadline) AS resolved_on_time,
        count(*) FILTER (WHERE CAST(end_at AS DATE) < CAST(due_at AS DATE)) AS resolved_early,
        count(*) FILTER (WHERE end_at > due_deadline) AS resolved_late,
        count(*) FILTER (WHERE end_at > due_deadline AND apology) AS resolved_late_apology,
        count(apology) FILTER (WHERE end_at > due_deadline) AS resolved_late_apology_known,
        count(*) FILTER (WHERE due_deadline IS NULL) AS resolved_no_due,
        count(*) FILTER (WHERE result_digitized) AS resolved_result_digitized,
        count(result_digitized) AS resolved_result_known,
        count(*) FILTER (WHERE result_digitized AND digitized) AS resolved_digitized_full,
        count(*) FILTER (WHERE result_digitized IS NOT NULL AND digitized IS NOT NULL) AS resolved_digitized_full_known,
        coalesce(sum(epoch(end_at) - epoch(received_at)), 0) / 86400.0 AS processing_days_sum
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
        sum(pending_delta) AS pending_delta,
        sum(overdue_delta) AS overdue_delta,
        sum(pending_no_due_delta) AS pending_no_due_delta
    FROM pending_event
    GROUP BY day, unit_code, procedure_code, online_level
),

-- by name: each part has only its own counts, the others are NULL there
combined AS (
    SELECT * FROM received
    UNION ALL BY NAME SELECT * FROM resolved
    UNION ALL BY NAME SELECT * FROM pending
)

SELECT
    day, unit_code, procedure_code, online_level,
    coalesce(sum(received), 0) AS received,
    coalesce(sum(received_online), 0) AS received_online,
    coalesce(sum(received_postal), 0) AS received_postal,
    coalesce(sum(received_full_level), 0) AS received_full_level,
    coalesce(sum(received_full_online), 0) AS received_full_online,
    coalesce(sum(received_digitized), 0) AS received_digitized,
    coalesce(sum(received_digitized_known), 0) AS received_digitized_known,
    coalesce(sum(received_reused), 0) AS received_reused,
    coalesce(sum(received_reused_known), 0) AS received_reused_known,
    coalesce(sum(received_fee), 0) AS received_fee,
    coalesce(sum(received_fee_paid_online), 0) AS received_fee_paid_online,
    coalesce(sum(received_fee_paid_known), 0) AS received_fee_paid_known,
    coalesce(sum(resolved), 0) AS resolved,
    coalesce(sum(resolved_on_time), 0) AS resolved_on_time,
    coalesce(sum(resolved_early), 0) AS resolved_early,
    coalesce(sum(resolved_late), 0) AS resolved_late,
    coalesce(sum(resolved_late_apology), 0) AS resolved_late_apology,
    coalesce(sum(resolved_late_apology_known), 0) AS resolved_late_apology_known,
    coalesce(sum(resolved_no_due), 0) AS resolved_no_due,
    coalesce(sum(resolved_result_digitized), 0) AS resolved_result_digitized,
    coalesce(sum(resolved_result_known), 0) AS resolved_result_known,
    coalesce(sum(resolved_digitized_full), 0) AS resolved_digitized_full,
    coalesce(sum(resolved_digitized_full_known), 0) AS resolved_digitized_full_known,
    coalesce(sum(processing_days_sum), 0) AS processing_days_sum,
    coalesce(sum(withdrawn), 0) AS withdrawn,
    coalesce(sum(pending_delta), 0) AS pending_delta,
    coalesce(sum(overdue_delta), 0) AS overdue_delta,
    coalesce(sum(pending_no_due_delta), 0) AS pending_no_due_delta
FROM combined
GROUP BY day, unit_code, procedure_code, online_level
