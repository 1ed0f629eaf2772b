-- Distinct procedures that received dossiers in [$start, $end], and how many of them are
-- full-online (toàn trình): the "234 / 543" numerator and denominator. Distinct counts do
-- not add across units, so they are computed for the scope as a whole.
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
    SELECT procedure_code, max(CASE WHEN online_level = 'full' THEN 1 ELSE 0 END) AS is_full
    FROM daily_counts
    WHERE day BETWEEN $start AND $end
      AND received > 0
      AND procedure_code IS NOT NULL
      AND (($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope_recorded))
    GROUP BY procedure_code
)

SELECT
    CAST(count(*) AS BIGINT) AS procedures_received,
    CAST(coalesce(sum(is_full), 0) AS BIGINT) AS procedures_full_online
FROM received
