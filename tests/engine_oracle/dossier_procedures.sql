-- Each procedure code the dossiers name, with the name and field they most often give it.
SELECT procedure_code, mode(procedure_name) AS procedure_name, mode(field_name) AS field_name, count(*) AS dossiers
FROM dossiers
GROUP BY procedure_code
