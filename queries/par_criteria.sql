-- Every criterion of every unit for year $year, as stored, with its depth and top-level area,
-- and for each criterion the points summed over the leaves under it (or itself, for a leaf):
-- the tree a unit's page draws and the area totals of the heatmap.
WITH rows AS (
    SELECT
        p.*,
        len(string_split(p.criterion_code, '.')) AS depth,
        string_split(p.criterion_code, '.')[1] AS area_code
    FROM par_scores AS p
    WHERE p.year = $year
      AND ($unit IS NULL OR p.unit_code = $unit)
)

SELECT
    r.unit_code,
    r.criterion_code,
    r.criterion_name,
    r.depth,
    r.area_code,
    r.is_leaf,
    r.max_points,
    r.self_points,
    r.final_points,
    (SELECT sum(l.max_points) FROM rows AS l WHERE l.unit_code = r.unit_code AND l.is_leaf
       AND (l.criterion_code = r.criterion_code OR l.criterion_code LIKE r.criterion_code || '.%')) AS leaf_max,
    (SELECT sum(l.self_points) FROM rows AS l WHERE l.unit_code = r.unit_code AND l.is_leaf
       AND (l.criterion_code = r.criterion_code OR l.criterion_code LIKE r.criterion_code || '.%')) AS leaf_self,
    (SELECT sum(l.final_points) FROM rows AS l WHERE l.unit_code = r.unit_code AND l.is_leaf
       AND (l.criterion_code = r.criterion_code OR l.criterion_code LIKE r.criterion_code || '.%')) AS leaf_final
FROM rows AS r
ORDER BY r.unit_code, string_split(r.criterion_code, '.')::INTEGER[]
