-- The dossiers behind a figure: those received in [$start, $end], resolved in it, or pending
-- at its end, in a scope, optionally one procedure or field and one state. Newest first.
-- $state: NULL (all), 'received', 'resolved', 'on_time', 'late', 'pending', 'within', 'overdue'.
WITH scope AS (
    SELECT unit_code
    FROM units
    WHERE ($kind IS NULL OR kind = $kind)
      AND ($unit IS NULL
           OR unit_code = $unit
           OR parent_code = $unit
           OR parent_code IN (SELECT unit_code FROM units WHERE parent_code = $unit))
),

-- units merged into one in scope count with it (their dossiers are recorded under the old code)
scope_recorded AS (
    SELECT unit_code FROM unit_current WHERE current_code IN (SELECT unit_code FROM scope)
),

dossier AS (
    SELECT
        d.* REPLACE (
            coalesce(p.procedure_name, d.procedure_name) AS procedure_name,
            coalesce(p.field_name, d.field_name) AS field_name  -- as the "by field" table groups them
        ),
        CASE WHEN d.status IN (8, 9, 10) THEN coalesce(d.completed_at, d.returned_at) END AS end_at,
        CAST($end AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND AS as_of
    FROM dossiers AS d
    LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
    WHERE d.status NOT IN (1, 3)
      AND (($kind IS NULL AND $unit IS NULL) OR d.unit_code IN (SELECT unit_code FROM scope_recorded))
      AND ($procedure IS NULL OR d.procedure_code = $procedure)
      AND ($field IS NULL OR coalesce(p.field_name, d.field_name) = $field)
      AND d.received_at < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
),

classified AS (
    SELECT
        *,
        CAST(received_at AS DATE) BETWEEN $start AND $end AS is_received,
        end_at IS NOT NULL AND CAST(end_at AS DATE) BETWEEN $start AND $end AS is_resolved,
        status <> 7 AND (end_at IS NULL OR CAST(end_at AS DATE) > $end) AS is_pending
    FROM dossier
)

SELECT
    c.dossier_code,
    c.unit_code,
    coalesce(u.unit_name, c.unit_name) AS unit_name,
    c.procedure_code,
    c.procedure_name,
    c.field_name,
    c.channel,
    c.status,
    c.received_at,
    c.due_at,
    CASE WHEN c.is_resolved THEN c.end_at END AS ended_at,
    CASE
        WHEN c.is_resolved AND c.end_at > c.due_deadline
            THEN CAST(ceil((epoch(c.end_at) - epoch(c.due_deadline)) / 86400.0) AS INTEGER)
        WHEN c.is_pending AND c.due_deadline < c.as_of
            THEN CAST(ceil((epoch(c.as_of) - epoch(c.due_deadline)) / 86400.0) AS INTEGER)
    END AS days_late,
    c.apology
FROM classified AS c
LEFT JOIN units AS u ON u.unit_code = c.unit_code
WHERE (c.is_received OR c.is_resolved OR c.is_pending)
  AND (
      $state IS NULL
      OR ($state = 'received' AND c.is_received)
      OR ($state = 'resolved' AND c.is_resolved)
      OR ($state = 'on_time' AND c.is_resolved AND c.end_at <= c.due_deadline)
      OR ($state = 'late' AND c.is_resolved AND c.end_at > c.due_deadline)
      OR ($state = 'pending' AND c.is_pending)
      OR ($state = 'within' AND c.is_pending AND c.due_deadline >= c.as_of)
      OR ($state = 'overdue' AND c.is_pending AND c.due_deadline < c.as_of)
  )
ORDER BY c.received_at DESC, c.dossier_code
LIMIT $limit
