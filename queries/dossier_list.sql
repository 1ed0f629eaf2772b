-- The dossiers behind a figure: those received in [$start, $end], resolved in it, or pending
-- at its end, in a scope, optionally one procedure or field and one state. Newest first.
-- $state: NULL (all), 'received', 'resolved', 'on_time', 'late', 'pending', 'within', 'overdue'.
-- Membership is decided on a few narrow columns with plain range conditions, and only the
-- $limit rows kept are widened with names: at 10 M dossiers this is what keeps the page fast.
WITH scope_recorded AS (  -- the engine's scope: the units recorded on dossiers that it covers
    SELECT unit_code FROM scope_recorded($kind, $unit)
),

bounds AS (
    SELECT
        CAST($start AS TIMESTAMP) AS period_start,
        CAST($end AS TIMESTAMP) + INTERVAL 1 DAY AS period_after,   -- the first instant after $end
        CAST($end AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND AS as_of
),

-- Only dossiers received in the period, ended in or after it, or still open can be listed.
-- Five disjoint slices, each a plain conjunction DuckDB pushes into the scan (and prunes by
-- the min/max of row groups): one OR across columns would read every dossier in full. A slice
-- that cannot hold the asked state is skipped (at 10 M dossiers, 'late' 250 → 55 ms).
active AS (
    SELECT rowid AS row_id, dossier_code, received_at, due_deadline, status, completed_at, returned_at, unit_code, procedure_code, field_name FROM dossiers
    WHERE received_at >= CAST($start AS TIMESTAMP) AND received_at < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
    UNION ALL
    SELECT rowid AS row_id, dossier_code, received_at, due_deadline, status, completed_at, returned_at, unit_code, procedure_code, field_name FROM dossiers
    -- open (7 = withdrawn is never pending), written as a range: DuckDB filters a range inside the
    -- scan, but an IN list only skips row groups and then passes every row on (9.5 M at 10 M dossiers)
    WHERE received_at < CAST($start AS TIMESTAMP) AND status BETWEEN 2 AND 6 AND status <> 3
      AND ($state IS NULL OR $state IN ('pending', 'within', 'overdue'))
    UNION ALL
    SELECT rowid AS row_id, dossier_code, received_at, due_deadline, status, completed_at, returned_at, unit_code, procedure_code, field_name FROM dossiers
    WHERE received_at < CAST($start AS TIMESTAMP) AND status IN (8, 9, 10)
      AND completed_at >= CAST($start AS TIMESTAMP)
      AND ($state IS NULL OR $state <> 'received')
    UNION ALL
    SELECT rowid AS row_id, dossier_code, received_at, due_deadline, status, completed_at, returned_at, unit_code, procedure_code, field_name FROM dossiers
    WHERE received_at < CAST($start AS TIMESTAMP) AND status IN (8, 9, 10)
      AND completed_at IS NULL AND returned_at >= CAST($start AS TIMESTAMP)
      AND ($state IS NULL OR $state <> 'received')
    UNION ALL
    SELECT rowid AS row_id, dossier_code, received_at, due_deadline, status, completed_at, returned_at, unit_code, procedure_code, field_name FROM dossiers
    WHERE received_at < CAST($start AS TIMESTAMP) AND status IN (8, 9, 10)
      AND completed_at IS NULL AND returned_at IS NULL
      AND ($state IS NULL OR $state IN ('pending', 'within', 'overdue'))
),

candidate AS (
    SELECT
        d.row_id,
        d.dossier_code,
        d.received_at,
        d.due_deadline,
        d.status,
        CASE WHEN d.status IN (8, 9, 10) THEN coalesce(d.completed_at, d.returned_at) END AS end_at
    FROM active AS d
    WHERE d.status NOT IN (1, 3)
      -- the asked state (its only test), written on the row's own columns and the parameters so
      -- that DuckDB applies it right after reading each slice: at 10 M dossiers the month's 400 k
      -- received rows no longer go through the joins below to keep 4 k late ones
      AND ($state IS NULL OR $state <> 'received' OR d.received_at >= CAST($start AS TIMESTAMP))
      AND ($state IS NULL OR $state NOT IN ('resolved', 'on_time', 'late') OR (
            d.status BETWEEN 8 AND 10
            AND coalesce(d.completed_at, d.returned_at) >= CAST($start AS TIMESTAMP)
            AND coalesce(d.completed_at, d.returned_at) < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
            AND ($state <> 'on_time' OR coalesce(d.completed_at, d.returned_at) <= d.due_deadline)
            AND ($state <> 'late' OR coalesce(d.completed_at, d.returned_at) > d.due_deadline)))
      AND ($state IS NULL OR $state NOT IN ('pending', 'within', 'overdue') OR (
            d.status <> 7
            AND (d.status NOT BETWEEN 8 AND 10 OR coalesce(d.completed_at, d.returned_at) IS NULL
                 OR coalesce(d.completed_at, d.returned_at) >= CAST($end AS TIMESTAMP) + INTERVAL 1 DAY)
            AND ($state <> 'within' OR d.due_deadline >= CAST($end AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND)
            AND ($state <> 'overdue' OR d.due_deadline < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND)))
      AND (($kind IS NULL AND $unit IS NULL) OR d.unit_code IN (SELECT unit_code FROM scope_recorded))
      AND ($procedure IS NULL OR d.procedure_code = $procedure)
      AND ($field IS NULL
           OR d.procedure_code IN (SELECT procedure_code FROM procedures WHERE field_name = $field)
           OR (d.field_name = $field
               AND (d.procedure_code IS NULL
                    OR d.procedure_code NOT IN (SELECT procedure_code FROM procedures WHERE field_name IS NOT NULL))))
),

classified AS (
    SELECT
        c.*,
        b.as_of,
        c.received_at >= b.period_start AS is_received,
        c.end_at >= b.period_start AND c.end_at < b.period_after AS is_resolved,
        c.status <> 7 AND (c.end_at IS NULL OR c.end_at >= b.period_after) AS is_pending
    FROM candidate AS c, bounds AS b
),

chosen AS (
    SELECT *
    FROM classified AS c
    WHERE (c.is_received OR c.is_resolved OR c.is_pending)  -- the asked state was tested in `candidate`
    ORDER BY c.received_at DESC, c.dossier_code
    LIMIT $limit
)

SELECT
    c.dossier_code,
    d.unit_code,
    coalesce(u.unit_name, d.unit_name) AS unit_name,
    d.procedure_code,
    coalesce(p.procedure_name, d.procedure_name) AS procedure_name,
    coalesce(p.field_name, d.field_name) AS field_name,   -- as the "by field" table groups them
    d.channel,
    c.status,
    c.received_at,
    d.due_at,
    CASE WHEN c.is_resolved THEN c.end_at END AS ended_at,
    CASE
        WHEN c.is_resolved AND c.end_at > c.due_deadline
            THEN CAST(ceil((epoch(c.end_at) - epoch(c.due_deadline)) / 86400.0) AS INTEGER)
        WHEN c.is_pending AND c.due_deadline < c.as_of
            THEN CAST(ceil((epoch(c.as_of) - epoch(c.due_deadline)) / 86400.0) AS INTEGER)
    END AS days_late,
    d.apology
FROM chosen AS c
JOIN dossiers AS d ON d.rowid = c.row_id
LEFT JOIN units AS u ON u.unit_code = d.unit_code
LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
ORDER BY c.received_at DESC, c.dossier_code
