-- QĐ 766 of every province and group for every imported period (definitions rules 74-76), as
-- published. The demo's rows are left out once real data replaced the demo.
SELECT
    s.period,
    s.province_code,
    s.group_code,
    s.province_name,
    s.score,
    s.max_score,
    s.portal_total,
    s.portal_rank
FROM national766_scores AS s
WHERE coalesce((SELECT value FROM meta WHERE key = 'dataset'), '') = 'demo'
   OR s.import_id NOT IN (SELECT import_id FROM import_log WHERE kind = 'demo')
ORDER BY s.period, s.province_code, s.group_code
