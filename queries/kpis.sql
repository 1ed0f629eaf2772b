-- Every count and metric of SPEC §3 for one scope and period: one row. Distinct procedures do not
-- add up across units, so they are counted here for the scope as a whole; the catalogue's share
-- of procedures offered online does not depend on period or scope.
WITH counts AS (
    SELECT * FROM period_counts($start, $end, $kind, $unit)
),

totals AS (
    SELECT
        CAST(coalesce(sum(COLUMNS(* EXCLUDE (unit_code, procedure_code, online_level))), 0) AS BIGINT),
        count(DISTINCT procedure_code) FILTER (WHERE received > 0) AS procedures_received,
        count(DISTINCT procedure_code) FILTER (WHERE received > 0 AND online_level = 'full') AS procedures_full_online
    FROM counts
),

catalogue AS (
    SELECT
        count(*) AS catalogue_procedures,
        count(*) FILTER (WHERE online_level IN ('full', 'partial')) AS catalogue_online
    FROM procedures
)

SELECT
    *,
    /*RATES*/
FROM totals, catalogue
