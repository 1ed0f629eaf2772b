-- The import log, newest first.
SELECT import_id, file_name, kind, status, message, rows_read, rows_imported, rows_updated,
       rows_unchanged, rows_skipped, rows_rejected, imported_by, started_at, finished_at, file_hash
FROM import_log
ORDER BY import_id DESC
LIMIT $limit
