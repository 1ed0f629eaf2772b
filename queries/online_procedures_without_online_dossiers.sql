-- Catalogue procedures offered online (full or partial) that received no online dossier in
-- [$start, $end] in the scope, with how many dossiers they received by other channels.
WITH received AS (
    SELECT procedure_code, sum(received) AS received, sum(received_online) AS received_online
    FROM period_counts($start, $end, $kind, $unit)
    GROUP BY procedure_code
)

SELECT
    p.procedure_code,
    p.procedure_name,
    p.field_name,
    p.online_level,
    CAST(coalesce(r.received, 0) AS BIGINT) AS received
FROM procedures AS p
LEFT JOIN received AS r ON r.procedure_code = p.procedure_code
WHERE p.online_level IN ('full', 'partial')
  AND coalesce(r.received_online, 0) = 0
ORDER BY received DESC, p.procedure_code
