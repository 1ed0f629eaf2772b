-- Points per unit and top-level criteria area (1, 2, … 8) for year $year, summed over the
-- leaves: where each unit loses its points. The area's name is its own row's, when the
-- file had one, else the most common name given to that code.
WITH leaves AS (
    SELECT unit_code, string_split(criterion_code, '.')[1] AS area_code, max_points, self_points, final_points
    FROM par_scores
    WHERE year = $year AND is_leaf
),

names AS (
    SELECT criterion_code AS area_code, mode(criterion_name) AS area_name
    FROM par_scores
    WHERE year = $year AND NOT contains(criterion_code, '.')
    GROUP BY 1
)

SELECT
    l.unit_code,
    l.area_code,
    coalesce(n.area_name, l.area_code) AS area_name,
    sum(l.max_points) AS max_points,
    sum(l.self_points) AS self_points,
    sum(l.final_points) AS final_points,
    sum(l.max_points) - sum(l.final_points) AS points_lost
FROM leaves AS l
LEFT JOIN names AS n USING (area_code)
GROUP BY l.unit_code, l.area_code, n.area_name
ORDER BY l.unit_code, CAST(l.area_code AS INTEGER)
