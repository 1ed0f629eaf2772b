-- Whether the dossiers carry any unit code the registry lacks and any procedure code the catalogue
-- lacks (a missing code counts), read from the names the rollups keep per recorded code (a few
-- hundred rows, kept equal to the dossiers by every import: tests/test_engine.py). The two lists of
-- unknown codes read the dossiers themselves only when there is one to list.
SELECT
    count(*) FILTER (WHERE n.unit_code IS NULL OR n.unit_code NOT IN (SELECT unit_code FROM units)) > 0 AS units,
    (SELECT count(*) FROM dossier_procedure_names AS p
     WHERE p.procedure_code IS NULL
        OR p.procedure_code NOT IN (SELECT procedure_code FROM procedures)) > 0 AS procedures
FROM dossier_unit_names AS n
