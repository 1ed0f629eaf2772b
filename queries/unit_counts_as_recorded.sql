-- Every count and metric per unit AS RECORDED, without rolling merged units into their
-- successors: what the map shows for a period before the 2025 restructuring. One row per
-- registered unit of kind $kind that existed during [$start, $end] (valid_from / valid_to).
WITH counts AS (
    SELECT unit_code, CAST(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))) AS BIGINT)
    FROM recorded_counts($start, $end)
    GROUP BY unit_code
),

unit_rows AS (
    SELECT unit_code, unit_name, kind, parent_code, TRUE AS registered
    FROM units
    WHERE ($kind IS NULL OR kind = $kind)
      AND (valid_from IS NULL OR valid_from <= $end)
      AND (valid_to IS NULL OR valid_to >= $start)
      AND ($unit IS NULL OR unit_code = $unit)
),

filled AS (
    SELECT r.*, coalesce(COLUMNS(c.* EXCLUDE (unit_code)), 0)
    FROM unit_rows AS r
    LEFT JOIN counts AS c ON c.unit_code = r.unit_code
)

SELECT
    *
FROM filled
ORDER BY unit_code
