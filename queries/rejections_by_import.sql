-- For each import that rejected rows: the file, when, and how many rows per reason.
SELECT
    l.import_id,
    l.file_name,
    l.kind,
    l.started_at,
    l.rows_read,
    l.rows_rejected,
    r.reason,
    count(DISTINCT r.row_number) AS rows
FROM import_log AS l
JOIN rejected_rows AS r ON r.import_id = l.import_id
GROUP BY l.import_id, l.file_name, l.kind, l.started_at, l.rows_read, l.rows_rejected, r.reason
ORDER BY l.import_id DESC, rows DESC
