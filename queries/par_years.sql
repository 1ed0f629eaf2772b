-- The years that have PAR scores, newest first.
SELECT DISTINCT year FROM par_scores ORDER BY year DESC
