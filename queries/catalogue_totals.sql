-- The procedure catalogue: how many procedures it lists and how many offer online service (full
-- or partial). A property of the catalogue: the same for every period and scope.
SELECT
    count(*) AS catalogue_procedures,
    count(*) FILTER (WHERE online_level IN ('full', 'partial')) AS catalogue_online
FROM procedures
