-- The additive counts per calendar month from $start to $end for a scope, with the
-- dossiers pending at each month's end (or at $end for the last, partial month).
WITH scope AS (
    SELECT unit_code
    FROM units
    WHERE ($kind IS NULL OR kind = $kind)
      AND ($unit IS NULL
           OR unit_code = $unit
           OR parent_code = $unit
           OR parent_code IN (SELECT unit_code FROM units WHERE parent_code = $unit))
),

daily AS (
    SELECT *
    FROM unit_daily_counts
    WHERE day <= $end
      AND (($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope))
),

monthly AS (
    SELECT
        CAST(date_trunc('month', day) AS DATE) AS month,
        sum(received) FILTER (WHERE day >= $start) AS received,
        sum(received_online) FILTER (WHERE day >= $start) AS received_online,
        sum(received_postal) FILTER (WHERE day >= $start) AS received_postal,
        sum(received_full_level) FILTER (WHERE day >= $start) AS received_full_level,
        sum(received_full_online) FILTER (WHERE day >= $start) AS received_full_online,
        sum(received_digitized) FILTER (WHERE day >= $start) AS received_digitized,
        sum(received_digitized_known) FILTER (WHERE day >= $start) AS received_digitized_known,
        sum(received_reused) FILTER (WHERE day >= $start) AS received_reused,
        sum(received_reused_known) FILTER (WHERE day >= $start) AS received_reused_known,
        sum(received_fee) FILTER (WHERE day >= $start) AS received_fee,
        sum(received_fee_paid_online) FILTER (WHERE day >= $start) AS received_fee_paid_online,
        sum(received_fee_paid_known) FILTER (WHERE day >= $start) AS received_fee_paid_known,
        sum(withdrawn) FILTER (WHERE day >= $start) AS withdrawn,
        sum(resolved) FILTER (WHERE day >= $start) AS resolved,
        sum(resolved_on_time) FILTER (WHERE day >= $start) AS resolved_on_time,
        sum(resolved_early) FILTER (WHERE day >= $start) AS resolved_early,
        sum(resolved_late) FILTER (WHERE day >= $start) AS resolved_late,
        sum(resolved_late_apology) FILTER (WHERE day >= $start) AS resolved_late_apology,
        sum(resolved_late_apology_known) FILTER (WHERE day >= $start) AS resolved_late_apology_known,
        sum(processing_days_sum) FILTER (WHERE day >= $start) AS processing_days_sum,
        sum(resolved_result_digitized) FILTER (WHERE day >= $start) AS resolved_result_digitized,
        sum(resolved_result_known) FILTER (WHERE day >= $start) AS resolved_result_known,
        sum(resolved_digitized_full) FILTER (WHERE day >= $start) AS resolved_digitized_full,
        sum(resolved_digitized_full_known) FILTER (WHERE day >= $start) AS resolved_digitized_full_known,
        sum(resolved_no_due) FILTER (WHERE day >= $start) AS resolved_no_due,
        sum(pending_delta) AS pending_change,
        sum(overdue_delta) AS overdue_change,
        sum(pending_no_due_delta) AS pending_no_due_change
    FROM daily
    GROUP BY 1
),

running AS (
    SELECT
        *,
        sum(pending_change) OVER (ORDER BY month) AS pending,
        sum(overdue_change) OVER (ORDER BY month) AS pending_overdue,
        sum(pending_no_due_change) OVER (ORDER BY month) AS pending_no_due
    FROM monthly
)

SELECT
    month,
    CAST(coalesce(received, 0) AS BIGINT) AS received,
    CAST(coalesce(received_online, 0) AS BIGINT) AS received_online,
    CAST(coalesce(received_postal, 0) AS BIGINT) AS received_postal,
    CAST(coalesce(received_full_level, 0) AS BIGINT) AS received_full_level,
    CAST(coalesce(received_full_online, 0) AS BIGINT) AS received_full_online,
    CAST(coalesce(received_digitized, 0) AS BIGINT) AS received_digitized,
    CAST(coalesce(received_digitized_known, 0) AS BIGINT) AS received_digitized_known,
    CAST(coalesce(received_reused, 0) AS BIGINT) AS received_reused,
    CAST(coalesce(received_reused_known, 0) AS BIGINT) AS received_reused_known,
    CAST(coalesce(received_fee, 0) AS BIGINT) AS received_fee,
    CAST(coalesce(received_fee_paid_online, 0) AS BIGINT) AS received_fee_paid_online,
    CAST(coalesce(received_fee_paid_known, 0) AS BIGINT) AS received_fee_paid_known,
    CAST(coalesce(withdrawn, 0) AS BIGINT) AS withdrawn,
    CAST(coalesce(resolved, 0) AS BIGINT) AS resolved,
    CAST(coalesce(resolved_on_time, 0) AS BIGINT) AS resolved_on_time,
    CAST(coalesce(resolved_early, 0) AS BIGINT) AS resolved_early,
    CAST(coalesce(resolved_late, 0) AS BIGINT) AS resolved_late,
    CAST(coalesce(resolved_late_apology, 0) AS BIGINT) AS resolved_late_apology,
    CAST(coalesce(resolved_late_apology_known, 0) AS BIGINT) AS resolved_late_apology_known,
    coalesce(processing_days_sum, 0) AS processing_days_sum,
    CAST(coalesce(resolved_result_digitized, 0) AS BIGINT) AS resolved_result_digitized,
    CAST(coalesce(resolved_result_known, 0) AS BIGINT) AS resolved_result_known,
    CAST(coalesce(resolved_digitized_full, 0) AS BIGINT) AS resolved_digitized_full,
    CAST(coalesce(resolved_digitized_full_known, 0) AS BIGINT) AS resolved_digitized_full_known,
    CAST(pending - pending_overdue AS BIGINT) AS pending_within,
    pending_overdue,
    CAST(coalesce(resolved_no_due, 0) + pending_no_due AS BIGINT) AS missing_due_date
FROM running
WHERE month >= CAST(date_trunc('month', CAST($start AS DATE)) AS DATE)
ORDER BY month
