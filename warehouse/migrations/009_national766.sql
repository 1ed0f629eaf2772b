-- QĐ 766 for the whole country (definitions rules 74-76): each province's published score per
-- group and period, from a national summary (report_tinh_766_service: one row per province with
-- its six groups) or from a province's own responses (their parent / overview row). Provinces are
-- named by their GSO code (geo/provinces_2025.geojson, or provinces_63 before 1 July 2025), not
-- registered as units: the registry stays our own province's.
CREATE TABLE national766_scores (
    period          VARCHAR NOT NULL,          -- as portal766_scores.period
    province_code   VARCHAR NOT NULL,          -- 2-digit GSO code
    group_code      VARCHAR NOT NULL,          -- transparency, progress, online, digitization, satisfaction, payment
    province_name   VARCHAR,                   -- the name the file gave
    score           DOUBLE,
    max_score       DOUBLE,
    portal_total    DOUBLE,                    -- TONG_SCORE as published (national summary), else null
    portal_rank     INTEGER,                   -- ROW_STT as published, else null
    portal_id       VARCHAR,
    import_id       INTEGER,
    PRIMARY KEY (period, province_code, group_code)
);
