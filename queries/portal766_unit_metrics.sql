-- The metrics behind a unit's QĐ 766 group scores for period $period (the province's own row when
-- $unit is NULL), as published, with the portal's data-quality flag of each figure.
SELECT
    m.group_code,
    m.metric_code,
    m.metric_name,
    m.numerator,
    m.denominator,
    m.ratio,
    m.score,
    m.max_score,
    m.quality_status,
    m.quality_message
FROM portal766_metrics AS m
JOIN portal766_scores AS s
  ON s.period = m.period AND s.group_code = m.group_code AND s.unit_code = m.unit_code
WHERE m.period = $period
  AND (($unit IS NULL AND s.is_province) OR m.unit_code = $unit)
ORDER BY m.group_code, m.metric_code
