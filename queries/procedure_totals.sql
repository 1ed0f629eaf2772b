-- How many distinct procedures received dossiers in each of $periods ({label, p_start, p_end}) in
-- the scope ($kind, $unit), and how many of them are full-online: the "234 / 543" figure. Distinct
-- counts do not add up across units, so they are counted here, from the procedure-level tables.
WITH periods AS (
    SELECT p.label, CAST(p.p_start AS DATE) AS p_start, CAST(p.p_end AS DATE) AS p_end,
           vn_first_whole_month(p.p_start) AS first_whole, vn_last_whole_day(p.p_end) AS last_whole_end
    FROM (SELECT unnest($periods) AS p)
),

received AS (
    SELECT p.label, m.unit_code, m.procedure_code, m.online_level
    FROM periods AS p JOIN month_counts AS m ON m.month BETWEEN p.first_whole AND p.last_whole_end
    WHERE m.received > 0
    /*PARTIAL_DAYS*/  -- (queries.statement leaves this out when every period is whole months)
    UNION ALL
    SELECT p.label, d.unit_code, d.procedure_code, d.online_level
    FROM partial_days($periods) AS p JOIN daily_counts AS d ON d.day BETWEEN p.first_day AND p.last_day
    WHERE d.received > 0
    /*END_PARTIAL_DAYS*/
)

SELECT
    label,
    count(DISTINCT procedure_code) AS procedures_received,
    count(DISTINCT procedure_code) FILTER (WHERE online_level = 'full') AS procedures_full_online
FROM received
WHERE ($kind IS NULL AND $unit IS NULL) OR unit_code IN (SELECT unit_code FROM scope_recorded($kind, $unit))
GROUP BY label
