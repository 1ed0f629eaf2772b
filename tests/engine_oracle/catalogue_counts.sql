-- The procedure catalogue: how many procedures it lists and how many offer online service.
SELECT
    count(*) AS catalogue_procedures,
    count(*) FILTER (WHERE online_level IN ('full', 'partial')) AS catalogue_online,
    count(*) FILTER (WHERE online_level = 'full') AS catalogue_full_online
FROM procedures
