-- Catalogue procedures offered online (full or partial) that received no online dossier in
-- [$start, $end] in the scope, with how many dossiers they received by other channels.
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

received AS (
    SELECT procedure_code, sum(received) AS received, sum(received_online) AS received_online
    FROM daily_counts
    WHERE day BETWEEN $start AND $end
      AND (($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope_recorded))
    GROUP BY procedure_code
)

SELECT
    p.procedure_code,
    p.procedure_name,
    p.field_name,
    p.online_level,
    CAST(coalesce(r.received, 0) AS BIGINT) AS received
FROM procedures AS p
LEFT JOIN received AS r ON r.procedure_code = p.procedure_code
WHERE p.online_level IN ('full', 'partial')
  AND coalesce(r.received_online, 0) = 0
ORDER BY received DESC, p.procedure_code
