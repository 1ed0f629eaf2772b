-- The import log, newest first, with who undid an import and when (the upload page's history).
SELECT l.import_id, l.started_at, l.imported_by, l.file_name, l.kind, l.status, l.message,
       l.rows_read, l.rows_imported, l.rows_updated, l.rows_unchanged, l.rows_skipped, l.rows_rejected,
       u.undone_by, u.undone_at, u.undo_id
FROM import_log AS l
LEFT JOIN import_undos AS u ON u.import_id = l.import_id
ORDER BY l.import_id DESC
LIMIT $limit
