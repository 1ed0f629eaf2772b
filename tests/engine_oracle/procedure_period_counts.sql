-- Every additive count of SPEC §3 per procedure for the period [$start, $end] in a scope,
-- with pending at the period's end: the on-time page's "by procedure" and (summed by
-- field_name) "by field" tables. Procedures with no event up to $end are not listed.
WITH scope AS (
    SELECT unit_code
    FROM units
    WHERE ($kind IS NULL OR kind = $kind)
      AND ($unit IS NULL
           OR unit_code = $unit
           OR parent_code = $unit
           OR parent_code IN (SELECT unit_code FROM units WHERE parent_code = $unit))
),

-- units merged into one in scope count with it (their dossiers are recorded under the old code)
scope_recorded AS (
    SELECT unit_code FROM unit_current WHERE current_code IN (SELECT unit_code FROM scope)
),

period AS (
    SELECT
        procedure_code,
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
        sum(processing_days_sum) AS processing_days_sum
    FROM daily_counts
    WHERE day BETWEEN $start AND $end
      AND (($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope_recorded))
    GROUP BY procedure_code
),

-- pending at the end of $end: every event up to then, whenever the dossier arrived (whole
-- months from the monthly table, the month of $end day by day)
pending AS (
    SELECT
        procedure_code,
        sum(pending_delta) AS pending,
        sum(overdue_delta) AS pending_overdue,
        sum(pending_no_due_delta) AS pending_no_due
    FROM (
        SELECT unit_code, procedure_code, pending_delta, overdue_delta, pending_no_due_delta
        FROM procedure_month_pending
        WHERE month < date_trunc('month', CAST($end AS DATE))
        UNION ALL
        SELECT unit_code, procedure_code, pending_delta, overdue_delta, pending_no_due_delta
        FROM daily_counts
        WHERE day >= date_trunc('month', CAST($end AS DATE)) AND day <= $end
    ) AS events
    WHERE (($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope_recorded))
    GROUP BY procedure_code
),

counted AS (
    SELECT procedure_code, period.* EXCLUDE (procedure_code), pending.* EXCLUDE (procedure_code)
    FROM period FULL OUTER JOIN pending USING (procedure_code)
)

SELECT
    p.procedure_code,
    coalesce(c.procedure_name, n.procedure_name) AS procedure_name,
    coalesce(c.field_name, n.field_name) AS field_name,
    c.online_level AS catalogue_level,
    c.procedure_code IS NOT NULL AS catalogued,
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
    CAST(coalesce(p.pending, 0) - coalesce(p.pending_overdue, 0) AS BIGINT) AS pending_within,
    CAST(coalesce(p.pending_overdue, 0) AS BIGINT) AS pending_overdue,
    CAST(coalesce(p.resolved_no_due, 0) + coalesce(p.pending_no_due, 0) AS BIGINT) AS missing_due_date
FROM counted AS p
LEFT JOIN procedures AS c ON c.procedure_code = p.procedure_code
LEFT JOIN dossier_procedures AS n ON n.procedure_code IS NOT DISTINCT FROM p.procedure_code
ORDER BY received DESC, p.procedure_code
