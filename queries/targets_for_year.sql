-- Targets for one year: per metric, the province-wide value and any per-kind or per-unit ones.
SELECT metric, year, scope, value
FROM targets
WHERE year = $year
ORDER BY metric, scope
