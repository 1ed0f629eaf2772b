-- The registry's province (its current unit): the name that says which of the 34 it is.
SELECT unit_code, unit_name
FROM units
WHERE kind = 'province' AND successor_code IS NULL
ORDER BY unit_code
