-- Each unit code the dossiers name, with the name they most often give it.
SELECT unit_code, mode(unit_name) AS unit_name, count(*) AS dossiers
FROM dossiers
GROUP BY unit_code
