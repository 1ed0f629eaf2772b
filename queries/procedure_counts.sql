-- Every count and metric per procedure (with its name and field) for [$start, $end] in a scope,
-- pending at the end of $end: the "by procedure" and, summed by field, "by field" tables.
-- Procedures with nothing received, resolved or pending are not listed.
WITH counts AS (
    SELECT procedure_code, CAST(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
    FROM period_counts($start, $end, $kind, $unit)
    GROUP BY procedure_code
),

labels AS (
    SELECT procedure_code, arg_max(procedure_name, dossiers) AS procedure_name,
           arg_max(field_name, dossiers) AS field_name
    FROM dossier_procedure_names
    GROUP BY procedure_code
)

SELECT
    c.procedure_code,
    coalesce(p.procedure_name, l.procedure_name, c.procedure_code) AS procedure_name,
    coalesce(p.field_name, l.field_name, '(chưa rõ lĩnh vực)') AS field_name,  -- as field_counts.sql names it
    p.online_level AS catalogue_level,
    p.procedure_code IS NOT NULL AS catalogued,
    c.* EXCLUDE (procedure_code)
FROM counts AS c
LEFT JOIN procedures AS p ON p.procedure_code = c.procedure_code
LEFT JOIN labels AS l ON l.procedure_code IS NOT DISTINCT FROM c.procedure_code
WHERE c.received > 0 OR c.resolved > 0 OR c.pending_within > 0 OR c.pending_overdue > 0
   OR c.missing_due_date > 0 OR c.withdrawn > 0
ORDER BY c.received DESC, c.procedure_code
