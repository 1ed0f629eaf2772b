-- Scores (PAR / provincial CCHC index, national portal QĐ 766) and the 2025 restructuring.
-- Scores are stored as published and never re-aggregated: they stay with the unit they were
-- given to, also after that unit merged into a successor.

-- PAR long table: one row per (year, unit, criterion). Leaves carry the points; parent rows,
-- when a file has them, are kept as given (the import checks them against their children).
CREATE TABLE par_scores (
    year            INTEGER NOT NULL,
    unit_code       VARCHAR NOT NULL,
    unit_name       VARCHAR,
    criterion_code  VARCHAR NOT NULL,          -- 1, 1.2, 1.2.3: the tree comes from the codes
    criterion_name  VARCHAR,
    max_points      DOUBLE,
    self_points     DOUBLE,                    -- tự chấm
    final_points    DOUBLE,                    -- thẩm định
    is_leaf         BOOLEAN NOT NULL,
    import_id       INTEGER,
    PRIMARY KEY (year, unit_code, criterion_code)
);

-- Portal 766: one row per (period, group, unit) as the portal publishes it. The province's
-- own row (`parent` / `overview`) has is_province. Counters are kept as the JSON object of
-- every other numeric field the portal gave (totalReceived, totalOnTime, …).
CREATE TABLE portal766_scores (
    period          VARCHAR NOT NULL,          -- 2026-10, 2026-Q3 or 2026, as the user gave it
    group_code      VARCHAR NOT NULL,          -- transparency, progress, online, digitization, satisfaction, payment
    unit_code       VARCHAR NOT NULL,          -- departmentCode
    unit_name       VARCHAR,
    level           VARCHAR,                   -- PROVINCE / COMMUNE as published
    department_type VARCHAR,
    is_province     BOOLEAN NOT NULL,
    score           DOUBLE,
    max_score       DOUBLE,
    ratio           DOUBLE,
    counters        VARCHAR,                   -- JSON object
    import_id       INTEGER,
    PRIMARY KEY (period, group_code, unit_code)
);

-- The evaluation shape's metrics[] per unit; null stays null (no dossiers), never 0.
CREATE TABLE portal766_metrics (
    period          VARCHAR NOT NULL,
    group_code      VARCHAR NOT NULL,
    unit_code       VARCHAR NOT NULL,
    metric_code     VARCHAR NOT NULL,
    metric_name     VARCHAR,
    numerator       DOUBLE,
    denominator     DOUBLE,
    ratio           DOUBLE,
    score           DOUBLE,
    max_score       DOUBLE,
    import_id       INTEGER
);

-- Units a score file named that the registry lacked: added, and flagged for a person to check.
ALTER TABLE units ADD COLUMN needs_review BOOLEAN DEFAULT FALSE;

-- Warnings of an import that still went through (a PAR parent row that disagrees with its children …).
ALTER TABLE import_log ADD COLUMN warnings VARCHAR;

-- Each unit and the unit that carries its dossier counts today: itself, or the end of its
-- chain of successors (a commune merged in 2025 → the new commune). Chains are short; the
-- depth limit only guards against a cycle typed into a registry file.
CREATE VIEW unit_current AS
WITH RECURSIVE chain (unit_code, current_code, depth) AS (
    SELECT unit_code, unit_code, 0 FROM units
    UNION ALL
    SELECT c.unit_code, u.successor_code, c.depth + 1
    FROM chain AS c JOIN units AS u ON u.unit_code = c.current_code
    WHERE u.successor_code IS NOT NULL AND u.successor_code <> u.unit_code AND c.depth < 10
)
SELECT unit_code, arg_max(current_code, depth) AS current_code
FROM chain
GROUP BY unit_code;
