-- Dossiers whose procedure code is not in the catalogue: kept, counted, listed for review.
SELECT
    d.procedure_code,
    any_value(d.procedure_name) AS procedure_name,
    count(*) AS dossiers,
    count(DISTINCT d.unit_code) AS units
FROM dossiers AS d
LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
WHERE p.procedure_code IS NULL
  AND $any_recorded  -- false (unknown_codes_recorded.sql): the dossiers are not read at all (10 M: ~50 → 2 ms)
GROUP BY d.procedure_code
ORDER BY dossiers DESC, d.procedure_code NULLS LAST
