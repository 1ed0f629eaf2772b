-- The periods that have portal 766 scores, with the groups imported for each, newest first.
SELECT period, list(DISTINCT group_code ORDER BY group_code) AS groups
FROM portal766_scores
GROUP BY period
ORDER BY period DESC
