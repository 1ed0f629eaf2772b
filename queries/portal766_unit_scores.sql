-- QĐ 766 scores per unit, one row per (unit, group) for period $period, as published, with the
-- unit's kind from the registry (else from the portal's level) and its successor when merged.
SELECT
    s.period,
    s.group_code,
    s.unit_code,
    coalesce(u.unit_name, s.unit_name, s.unit_code) AS unit_name,
    CASE WHEN s.is_province THEN 'province'
         ELSE coalesce(u.kind, CASE upper(s.level) WHEN 'PROVINCE' THEN 'department'
                                                   WHEN 'COMMUNE' THEN 'commune' ELSE 'other' END) END AS kind,
    s.is_province,
    s.score,
    s.max_score,
    s.ratio,
    s.counters,
    u.successor_code,
    u.needs_review
FROM portal766_scores AS s
LEFT JOIN units AS u ON u.unit_code = s.unit_code
WHERE s.period = $period
ORDER BY s.unit_code, s.group_code
