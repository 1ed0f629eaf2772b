-- The counts of unit_counts.sql per unit AS RECORDED, without rolling merged units into their
-- successors: what the map shows for a period before the 2025 restructuring. One row per
-- registered unit of kind $kind that existed during [$start, $end] (valid_from / valid_to).
WITH scope AS (
    SELECT unit_code
    FROM units
    WHERE ($kind IS NULL OR kind = $kind)
      AND (valid_from IS NULL OR valid_from <= $end)
      AND (valid_to IS NULL OR valid_to >= $start)
      AND ($unit IS NULL OR unit_code = $unit)
),

period AS (
    SELECT
        unit_code,
        sum(received) AS received,
        sum(received_online) AS received_online,
        sum(received_postal) AS received_postal,
        sum(received_full_level) AS received_full_level,
        sum(received_full_online) AS received_full_online,
        sum(received_digitized) AS received_digitized,
        sum(received_digitized_known) AS received_digitized_known,
        sum(received_reused) AS received_reused,
        sum(received_reused_known) AS received_reused_known,
        sum(received_fee) AS received_fee,
        sum(received_fee_paid_online) AS received_fee_paid_online,
        sum(received_fee_paid_known) AS received_fee_paid_known,
        sum(withdrawn) AS withdrawn,
        sum(resolved) AS resolved,
        sum(resolved_on_time) AS resolved_on_time,
        sum(resolved_early) AS resolved_early,
        sum(resolved_late) AS resolved_late,
        sum(resolved_late_apology) AS resolved_late_apology,
        sum(resolved_late_apology_known) AS resolved_late_apology_known,
        sum(resolved_no_due) AS resolved_no_due,
        sum(resolved_result_digitized) AS resolved_result_digitized,
        sum(resolved_result_known) AS resolved_result_known,
        sum(resolved_digitized_full) AS resolved_digitized_full,
        sum(resolved_digitized_full_known) AS resolved_digitized_full_known,
        sum(processing_days_sum) AS processing_days_sum,
    FROM daily_counts
    WHERE day BETWEEN $start AND $end
      AND unit_code IN (SELECT unit_code FROM scope)
    GROUP BY unit_code
),

-- pending at the end of $end: every event up to then, whenever the dossier arrived
pending AS (
    SELECT
        unit_code,
        sum(pending_delta) AS pending,
        sum(overdue_delta) AS pending_overdue,
        sum(pending_no_due_delta) AS pending_no_due
    FROM daily_counts
    WHERE day <= $end
      AND unit_code IN (SELECT unit_code FROM scope)
    GROUP BY unit_code
),

unit_rows AS (
    SELECT u.unit_code, u.unit_name, u.kind, u.parent_code, TRUE AS registered
    FROM units AS u
    WHERE u.unit_code IN (SELECT unit_code FROM scope)
)

SELECT
    r.unit_code,
    r.unit_name,
    r.kind,
    r.parent_code,
    r.registered,
    CAST(coalesce(p.received, 0) AS BIGINT) AS received,
    CAST(coalesce(p.received_online, 0) AS BIGINT) AS received_online,
    CAST(coalesce(p.received_postal, 0) AS BIGINT) AS received_postal,
    CAST(coalesce(p.received_full_level, 0) AS BIGINT) AS received_full_level,
    CAST(coalesce(p.received_full_online, 0) AS BIGINT) AS received_full_online,
    CAST(coalesce(p.received_digitized, 0) AS BIGINT) AS received_digitized,
    CAST(coalesce(p.received_digitized_known, 0) AS BIGINT) AS received_digitized_known,
    CAST(coalesce(p.received_reused, 0) AS BIGINT) AS received_reused,
    CAST(coalesce(p.received_reused_known, 0) AS BIGINT) AS received_reused_known,
    CAST(coalesce(p.received_fee, 0) AS BIGINT) AS received_fee,
    CAST(coalesce(p.received_fee_paid_online, 0) AS BIGINT) AS received_fee_paid_online,
    CAST(coalesce(p.received_fee_paid_known, 0) AS BIGINT) AS received_fee_paid_known,
    CAST(coalesce(p.withdrawn, 0) AS BIGINT) AS withdrawn,
    CAST(coalesce(p.resolved, 0) AS BIGINT) AS resolved,
    CAST(coalesce(p.resolved_on_time, 0) AS BIGINT) AS resolved_on_time,
    CAST(coalesce(p.resolved_early, 0) AS BIGINT) AS resolved_early,
    CAST(coalesce(p.resolved_late, 0) AS BIGINT) AS resolved_late,
    CAST(coalesce(p.resolved_late_apology, 0) AS BIGINT) AS resolved_late_apology,
    CAST(coalesce(p.resolved_late_apology_known, 0) AS BIGINT) AS resolved_late_apology_known,
    coalesce(p.processing_days_sum, 0) AS processing_days_sum,
    CAST(coalesce(p.resolved_result_digitized, 0) AS BIGINT) AS resolved_result_digitized,
    CAST(coalesce(p.resolved_result_known, 0) AS BIGINT) AS resolved_result_known,
    CAST(coalesce(p.resolved_digitized_full, 0) AS BIGINT) AS resolved_digitized_full,
    CAST(coalesce(p.resolved_digitized_full_known, 0) AS BIGINT) AS resolved_digitized_full_known,
    CAST(coalesce(q.pending, 0) - coalesce(q.pending_overdue, 0) AS BIGINT) AS pending_within,
    CAST(coalesce(q.pending_overdue, 0) AS BIGINT) AS pending_overdue,
    CAST(coalesce(p.resolved_no_due, 0) + coalesce(q.pending_no_due, 0) AS BIGINT) AS missing_due_date
FROM unit_rows AS r
LEFT JOIN period AS p ON p.unit_code IS NOT DISTINCT FROM r.unit_code
LEFT JOIN pending AS q ON q.unit_code IS NOT DISTINCT FROM r.unit_code
ORDER BY r.registered DESC, r.unit_code
