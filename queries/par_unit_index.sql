-- PAR / provincial CCHC index per unit for year $year: Σ final / Σ max over the leaves
-- (docs/definitions.md rule 32), the self-assessed index the same way, and the previous year's index for
-- the same unit code. Old units keep their scores and show their successor.
WITH leaves AS (
    SELECT * FROM par_scores WHERE is_leaf AND year IN ($year, $year - 1)
),

per_unit AS (
    SELECT
        year,
        unit_code,
        any_value(unit_name) AS file_name,
        sum(max_points) AS max_points,
        sum(self_points) AS self_points,
        sum(final_points) AS final_points,
        count(self_points) AS self_rows,
        count(*) AS leaves
    FROM leaves
    GROUP BY year, unit_code
),

indexed AS (
    SELECT
        *,
        CASE WHEN max_points > 0 THEN round(100 * final_points / max_points, 2) END AS par_index,
        CASE WHEN max_points > 0 AND self_rows > 0 THEN round(100 * self_points / max_points, 2) END AS self_index
    FROM per_unit
)

SELECT
    i.unit_code,
    coalesce(u.unit_name, i.file_name, i.unit_code) AS unit_name,
    coalesce(u.kind, 'other') AS kind,
    u.successor_code,
    u.valid_to,
    u.lat,
    u.lon,
    i.max_points,
    i.self_points,
    i.final_points,
    i.par_index,
    i.self_index,
    i.leaves,
    prev.par_index AS previous_index
FROM indexed AS i
LEFT JOIN units AS u ON u.unit_code = i.unit_code
LEFT JOIN indexed AS prev ON prev.unit_code = i.unit_code AND prev.year = $year - 1
WHERE i.year = $year
  AND ($kind IS NULL OR coalesce(u.kind, 'other') = $kind)
ORDER BY i.par_index DESC NULLS LAST, i.unit_code
