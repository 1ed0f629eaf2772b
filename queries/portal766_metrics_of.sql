-- The evaluation groups' metrics of one unit (or all) for period $period, nulls as published.
SELECT group_code, unit_code, metric_code, metric_name, numerator, denominator, ratio, score, max_score
FROM portal766_metrics
WHERE period = $period AND ($unit IS NULL OR unit_code = $unit)
ORDER BY group_code, unit_code, metric_code
