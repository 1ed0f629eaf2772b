-- Early warning by unit: the dossiers of due_soon.sql (pasted in below by queries.due_soon_by_unit,
-- with the same parameters) counted per unit, with each unit's first deadline; the most dossiers first.
WITH due AS (
    /*DUE_SOON*/
)
SELECT
    unit_code,
    coalesce(any_value(unit_name), unit_code) AS unit_name,
    count(*) AS dossiers,
    arg_min(due_at, due_deadline) AS first_due
FROM due
GROUP BY unit_code
ORDER BY dossiers DESC, unit_name NULLS LAST, unit_code
