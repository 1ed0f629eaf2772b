-- Every count and metric per field (lĩnh vực) for [$start, $end] in a scope: the procedures'
-- counts summed by their field (the catalogue's, else the one the dossiers give), then rated.
WITH counts AS (
    SELECT procedure_code, CAST(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
    FROM period_counts($start, $end, $kind, $unit)
    GROUP BY procedure_code
),

labels AS (
    SELECT procedure_code, arg_max(field_name, dossiers) AS field_name
    FROM dossier_procedure_names
    GROUP BY procedure_code
),

fields AS (
    SELECT coalesce(p.field_name, l.field_name, '(chưa rõ lĩnh vực)') AS field_name,
           CAST(sum(COLUMNS(c.* EXCLUDE (procedure_code))) AS BIGINT)
    FROM counts AS c
    LEFT JOIN procedures AS p ON p.procedure_code = c.procedure_code
    LEFT JOIN labels AS l ON l.procedure_code IS NOT DISTINCT FROM c.procedure_code
    GROUP BY 1
)

SELECT *
FROM fields
WHERE received > 0 OR resolved > 0 OR pending_within > 0 OR pending_overdue > 0 OR missing_due_date > 0
   OR withdrawn > 0
ORDER BY received DESC, field_name
