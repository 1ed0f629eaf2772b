-- The rows one import rejected, in file order, with the column and reason in both languages.
SELECT row_number, column_name, reason, message_vi, message_en, raw
FROM rejected_rows
WHERE import_id = $import_id
ORDER BY row_number, column_name
