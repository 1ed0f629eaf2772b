-- THE definition of every count (docs/definitions.md, "Metrics"): per (day, unit as recorded,
-- procedure, online level), over the dossiers of `rollup_source` (all dossiers for a rebuild;
-- an import's new versions with _sign +1 and the versions it replaced with _sign −1 for an
-- incremental update: counts add up, so the rollup of a difference is the difference of rollups).
-- Received-side counts sit on the day received, resolved-side counts on the day the dossier
-- ended, and pending counts are +1/−1 events: pending at the end of day T = the events up to T.
-- Every other query sums these columns by name pattern (sum(COLUMNS(...))): a count added here
-- reaches the cube, the engine and `cli.py kpis` with no other edit (queries/README.md).
-- A count is `sum(CASE WHEN <which dossiers> THEN _sign ELSE 0 END)`: the same number as
-- `sum(_sign) FILTER (WHERE …)`, but one pass of arithmetic instead of a selection per count
-- (a million-row import's rollup 2.2 → 1.8 s).
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
        d.apology,
        -- one byte: the sums below add 1s and −1s, and narrow inputs make DuckDB's sums cheaper
        CAST(d._sign AS TINYINT) AS _sign
    FROM rollup_source AS d
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
        sum(_sign) AS received,
        sum(CASE WHEN channel = 'online' THEN _sign ELSE 0 END) AS received_online,
        sum(CASE WHEN channel = 'postal' THEN _sign ELSE 0 END) AS received_postal,
        sum(CASE WHEN online_level = 'full' THEN _sign ELSE 0 END) AS received_full_level,
        sum(CASE WHEN online_level = 'full' AND channel = 'online' THEN _sign ELSE 0 END) AS received_full_online,
        -- a flag a file never gave is unknown (NULL): the "known" counts are the rates' denominators
        sum(CASE WHEN digitized THEN _sign ELSE 0 END) AS received_digitized,
        sum(CASE WHEN digitized IS NOT NULL THEN _sign ELSE 0 END) AS received_digitized_known,
        sum(CASE WHEN reused THEN _sign ELSE 0 END) AS received_reused,
        sum(CASE WHEN reused IS NOT NULL THEN _sign ELSE 0 END) AS received_reused_known,
        sum(CASE WHEN fee_required THEN _sign ELSE 0 END) AS received_fee,
        sum(CASE WHEN fee_required AND paid_online THEN _sign ELSE 0 END) AS received_fee_paid_online,
        sum(CASE WHEN fee_required AND paid_online IS NOT NULL THEN _sign ELSE 0 END) AS received_fee_paid_known,
        sum(CASE WHEN status = 7 THEN _sign ELSE 0 END) AS withdrawn
    FROM fact
    GROUP BY received_day, unit_code, procedure_code, online_level
),

resolved AS (
    SELECT
        end_day AS day, unit_code, procedure_code, online_level,
        sum(_sign) AS resolved,
        sum(CASE WHEN end_at <= due_deadline THEN _sign ELSE 0 END) AS resolved_on_time,
        sum(CASE WHEN CAST(end_at AS DATE) < CAST(due_at AS DATE) THEN _sign ELSE 0 END) AS resolved_early,
        sum(CASE WHEN end_at > due_deadline THEN _sign ELSE 0 END) AS resolved_late,
        sum(CASE WHEN end_at > due_deadline AND apology THEN _sign ELSE 0 END) AS resolved_late_apology,
        sum(CASE WHEN end_at > due_deadline AND apology IS NOT NULL THEN _sign ELSE 0 END) AS resolved_late_apology_known,
        sum(CASE WHEN due_deadline IS NULL THEN _sign ELSE 0 END) AS resolved_no_due,
        sum(CASE WHEN result_digitized THEN _sign ELSE 0 END) AS resolved_result_digitized,
        sum(CASE WHEN result_digitized IS NOT NULL THEN _sign ELSE 0 END) AS resolved_result_known,
        sum(CASE WHEN result_digitized AND digitized THEN _sign ELSE 0 END) AS resolved_digitized_full,
        sum(CASE WHEN result_digitized IS NOT NULL AND digitized IS NOT NULL THEN _sign ELSE 0 END) AS resolved_digitized_full_known,
        -- whole seconds: every count is an integer, summed the same way everywhere
        coalesce(sum(_sign * CAST(round(epoch(end_at) - epoch(received_at)) AS BIGINT)), 0) AS processing_seconds
    FROM fact
    WHERE end_at IS NOT NULL
    GROUP BY end_day, unit_code, procedure_code, online_level
),

-- Pending events. Withdrawn dossiers leave every on-time count, pending included. A dossier
-- that ends on the day it arrived is never pending at a day's end: it makes no events.
pending_event AS (
    SELECT received_day AS day, unit_code, procedure_code, online_level,
           CASE WHEN due_deadline IS NOT NULL THEN _sign ELSE 0 END AS pending_delta,
           0 AS overdue_delta,
           CASE WHEN due_deadline IS NULL THEN _sign ELSE 0 END AS pending_no_due_delta
    FROM fact WHERE status <> 7 AND leave_day IS DISTINCT FROM received_day
    UNION ALL
    SELECT leave_day, unit_code, procedure_code, online_level,
           CASE WHEN due_deadline IS NOT NULL THEN -_sign ELSE 0 END,
           CASE WHEN due_deadline IS NOT NULL AND overdue_day < leave_day THEN -_sign ELSE 0 END,
           CASE WHEN due_deadline IS NULL THEN -_sign ELSE 0 END
    FROM fact WHERE status <> 7 AND leave_day IS NOT NULL AND leave_day <> received_day
    UNION ALL
    SELECT overdue_day, unit_code, procedure_code, online_level, 0, _sign, 0
    FROM fact
    WHERE status <> 7 AND due_deadline IS NOT NULL AND (leave_day IS NULL OR overdue_day < leave_day)
),

pending AS (
    SELECT day, unit_code, procedure_code, online_level,
           sum(pending_delta) AS pending_delta,
           sum(overdue_delta) AS overdue_delta,
           sum(pending_no_due_delta) AS pending_no_due_delta
    FROM pending_event
    GROUP BY day, unit_code, procedure_code, online_level
),

-- The three parts side by side on their keys (a unit or procedure may be NULL: not recorded).
-- Joined, not stacked and summed again: the stack was 2.7 M rows × 30 sums at 1 M dossiers,
-- most of an import's time; the joins give the same rows in half of it.
SELECT
    coalesce(r.day, s.day, p.day) AS day,
    coalesce(r.unit_code, s.unit_code, p.unit_code) AS unit_code,
    coalesce(r.procedure_code, s.procedure_code, p.procedure_code) AS procedure_code,
    coalesce(r.online_level, s.online_level, p.online_level) AS online_level,
    -- every count of the parts: nothing is listed twice
    CAST(coalesce(COLUMNS(r.* EXCLUDE (day, unit_code, procedure_code, online_level)), 0) AS BIGINT),
    CAST(coalesce(COLUMNS(s.* EXCLUDE (day, unit_code, procedure_code, online_level)), 0) AS BIGINT),
    CAST(coalesce(COLUMNS(p.* EXCLUDE (day, unit_code, procedure_code, online_level)), 0) AS BIGINT)
FROM received AS r
FULL JOIN resolved AS s
  ON r.day = s.day
 AND r.unit_code IS NOT DISTINCT FROM s.unit_code
 AND r.procedure_code IS NOT DISTINCT FROM s.procedure_code
 AND r.online_level IS NOT DISTINCT FROM s.online_level
FULL JOIN pending AS p
  ON coalesce(r.day, s.day) = p.day
 AND coalesce(r.unit_code, s.unit_code) IS NOT DISTINCT FROM p.unit_code
 AND coalesce(r.procedure_code, s.procedure_code) IS NOT DISTINCT FROM p.procedure_code
 AND coalesce(r.online_level, s.online_level) IS NOT DISTINCT FROM p.online_level
