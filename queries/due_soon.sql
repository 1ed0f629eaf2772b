-- Early warning: dossiers still pending at the end of $as_of that fall due by the end of
-- $until (the caller counts the working days), most urgent first.
SELECT
    d.unit_code,
    coalesce(u.unit_name, d.unit_name) AS unit_name,
    d.dossier_code,
    d.procedure_code,
    coalesce(p.procedure_name, d.procedure_name, l.procedure_name) AS procedure_name,  -- the catalogue's, its own, the usual one
    d.received_at,
    d.due_at,
    d.due_deadline
FROM dossiers AS d
LEFT JOIN units AS u ON u.unit_code = d.unit_code
LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
LEFT JOIN procedure_labels() AS l ON l.procedure_code = d.procedure_code
WHERE d.status NOT IN (1, 3, 7)
  AND d.received_at < CAST($as_of AS TIMESTAMP) + INTERVAL 1 DAY
  AND (d.status NOT IN (8, 9, 10)
       OR CAST(coalesce(d.completed_at, d.returned_at) AS DATE) > $as_of)
  AND d.due_deadline >= CAST($as_of AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
  AND d.due_deadline < CAST($until AS TIMESTAMP) + INTERVAL 1 DAY
  AND (($kind IS NULL AND $unit IS NULL) OR d.unit_code IN (SELECT unit_code FROM scope_recorded($kind, $unit)))
ORDER BY d.due_deadline, unit_name, d.dossier_code
