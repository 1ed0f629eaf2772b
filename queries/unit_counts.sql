-- Every count and metric per unit for [$start, $end] (pending at the end of $end) in a scope
-- (the engine's unit_period macro).
SELECT * FROM unit_period($start, $end, $kind, $unit)
ORDER BY registered DESC, unit_code
