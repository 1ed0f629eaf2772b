-- Every count and metric per procedure (with its name and field) and per field (lĩnh vực) for
-- [$start, $end] in a scope, pending at the end of $end: the "by procedure" and "by field" tables
-- from one pass over the period's counts (`level` says which table a row belongs to). A field's
-- row is its procedures' counts summed (the catalogue's field, else the one the dossiers give).
-- Rows with nothing received, resolved or pending are not listed.
WITH counts AS (
    SELECT procedure_code, CAST(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
    FROM period_counts($start, $end, $kind, $unit)
    GROUP BY procedure_code
),

by_procedure AS (
    SELECT
        c.procedure_code,
        coalesce(p.procedure_name, l.procedure_name, c.procedure_code) AS procedure_name,
        coalesce(p.field_name, l.field_name, '(chưa rõ lĩnh vực)') AS field_name,
        p.online_level AS catalogue_level,
        p.procedure_code IS NOT NULL AS catalogued,
        c.* EXCLUDE (procedure_code)
    FROM counts AS c
    LEFT JOIN procedures AS p ON p.procedure_code = c.procedure_code
    LEFT JOIN procedure_labels() AS l ON l.procedure_code IS NOT DISTINCT FROM c.procedure_code
),

by_field AS (
    SELECT field_name,
           CAST(sum(COLUMNS(* EXCLUDE (procedure_code, procedure_name, field_name, catalogue_level, catalogued)))
                AS BIGINT)
    FROM by_procedure
    GROUP BY field_name
),

both_levels AS (
    SELECT 'procedure' AS level, * FROM by_procedure
    UNION ALL BY NAME
    SELECT 'field' AS level, * FROM by_field
)

SELECT *
FROM both_levels
WHERE received > 0 OR resolved > 0 OR pending_within > 0 OR pending_overdue > 0 OR missing_due_date > 0
   OR withdrawn > 0
ORDER BY level DESC, received DESC, procedure_code, field_name
