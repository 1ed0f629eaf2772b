-- Units ranked by $metric for [$start, $end] among the units of kind $kind, with their rank in the
-- previous period [$prev_start, $prev_end] and the change (positive: moved up), best first; with
-- $unit, only the units that unit covers, with their ranks among all.
WITH now AS (
    SELECT * FROM unit_ranking($metric, $start, $end, $kind)
),

before AS (
    SELECT unit_code, rank AS previous_rank FROM unit_ranking($metric, $prev_start, $prev_end, $kind)
    WHERE $prev_start IS NOT NULL
)

SELECT n.*, b.previous_rank, b.previous_rank - n.rank AS rank_change
FROM now AS n
LEFT JOIN before AS b ON b.unit_code = n.unit_code
WHERE $unit IS NULL OR n.unit_code IN (SELECT unit_code FROM unit_scope(NULL, $unit))
ORDER BY n.rank IS NULL, n.rank, n.unit_code
