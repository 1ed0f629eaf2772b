-- The unit registry, agencies first, then communes, by name.
SELECT unit_code, unit_name, kind, parent_code, admin_code, lat, lon, valid_from, valid_to, successor_code
FROM units
ORDER BY CASE kind WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'center' THEN 2
                   WHEN 'district' THEN 3 WHEN 'commune' THEN 4 ELSE 5 END,
         unit_name
