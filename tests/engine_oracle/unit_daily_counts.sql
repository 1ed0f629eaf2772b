-- The daily rollup summed over procedures: what the overview, rankings and trends read.
-- Counts sit with the unit that carries them today: an old unit's (a commune merged on
-- 1 July 2025) roll up into its successor, so a current unit's trend has no break.
SELECT
    day, coalesce(c.current_code, d.unit_code) AS unit_code,
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
    sum(withdrawn) AS withdrawn,
    sum(pending_delta) AS pending_delta,
    sum(overdue_delta) AS overdue_delta,
    sum(pending_no_due_delta) AS pending_no_due_delta
FROM daily_counts AS d
LEFT JOIN unit_current AS c ON c.unit_code = d.unit_code
GROUP BY ALL
ORDER BY 1, 2
