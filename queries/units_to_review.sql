-- Units a score file named that the registry lacked: added by the import and flagged for a
-- person to check (kind, parent, coordinates), with the import that added them.
SELECT u.unit_code, u.unit_name, u.kind, u.parent_code, l.file_name, l.started_at
FROM units AS u
LEFT JOIN import_log AS l ON l.import_id = u.import_id
WHERE u.needs_review
ORDER BY u.unit_code
