-- Helpers every connection gets. Written here as temporary macros; a writer also stores them in the
-- file with the hash of this text and the engine's, and a reader of the same code uses those
-- (warehouse.MACROS_META: creating them is half of what opening the file costs).

-- A cell as text: trimmed, empty → NULL (non-breaking spaces count as space). trim() is
-- costly over millions of cells, so only cells that need it go through it.
CREATE OR REPLACE TEMP MACRO vn_clean(x) AS nullif(
    CASE WHEN x LIKE ' %' OR x LIKE '% ' OR contains(x, chr(160)) THEN trim(replace(x, chr(160), ' ')) ELSE x END,
    '');

-- Folded for matching: lower-case ASCII letters and digits only ("Đã xử lý" → "daxuly").
-- Must agree with data_loaders.columns.fold.
CREATE OR REPLACE TEMP MACRO vn_fold(x) AS
    regexp_replace(strip_accents(replace(lower(x), 'đ', 'd')), '[^a-z0-9]', '', 'g');

-- A number written with "," or "." as the decimal mark (the last one wins when both occur).
CREATE OR REPLACE TEMP MACRO vn_number(x) AS try_cast(
    CASE
        WHEN contains(replace(replace(x, ' ', ''), '%', ''), ',') AND contains(x, '.') THEN
            CASE WHEN strpos(reverse(x), ',') < strpos(reverse(x), '.')
                 THEN replace(replace(replace(replace(x, ' ', ''), '%', ''), '.', ''), ',', '.')
                 ELSE replace(replace(replace(x, ' ', ''), '%', ''), ',', '')
            END
        ELSE replace(replace(replace(x, ' ', ''), '%', ''), ',', '.')
    END AS DOUBLE);

-- A date or timestamp as Vietnamese exports write them; never month-first. NULL if not one.
-- Beside the usual forms: the national portal's dossier synchronisation writes 20260806111800
-- (yyyyMMddHHmmss, Vietnam time) or 20260806; systems that speak ISO add Z or an offset
-- (+07:00, +0700, or +07 as PostgreSQL writes timestamptz), converted here to Vietnam time; and an Excel date cell saved into a CSV
-- arrives as its serial number (days since 30/12/1899). Cheap tests pick the branch first: the
-- format list is tried only for text that looks like neither.
CREATE OR REPLACE TEMP MACRO vn_strptime_plain(x) AS try_strptime(x, [
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d/%m/%Y %H:%M:%S.%f',
        '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y',
        '%d.%m.%Y %H:%M:%S', '%d.%m.%Y',
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f',
        '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d'
    ]);
-- try_cast: the zone text is '' when a cell only looks like it has one ("…T08:00:00+07:0", cut
-- short); CAST then stopped the whole import instead of rejecting that row's date.
CREATE OR REPLACE TEMP MACRO vn_utc_offset_minutes(z) AS CASE
    WHEN z = 'Z' THEN 0
    ELSE (CASE WHEN z[1] = '-' THEN -1 ELSE 1 END)
         * (try_cast(substr(replace(z, ':', ''), 2, 2) AS INTEGER) * 60
            + try_cast(coalesce(nullif(substr(replace(z, ':', ''), 4, 2), ''), '0') AS INTEGER))
END;
CREATE OR REPLACE TEMP MACRO vn_strptime(x) AS coalesce(
    -- what nearly every export writes, tried first (no other branch can read it): halves the
    -- time a million-row import spends on its dates. One format, chosen by the colon: a format
    -- that fails costs DuckDB an error message, and date-only due dates failed the first one
    -- (0.35 s of a million-row import, for one column)
    CASE WHEN contains(x, ':') THEN try_strptime(x, '%d/%m/%Y %H:%M:%S') ELSE try_strptime(x, '%d/%m/%Y') END,
    CASE
    WHEN length(x) IN (8, 12, 14) AND try_cast(x AS BIGINT) IS NOT NULL THEN
        CASE length(x) WHEN 14 THEN try_strptime(x, '%Y%m%d%H%M%S')
                       WHEN 12 THEN try_strptime(x, '%Y%m%d%H%M')
                       ELSE try_strptime(x, '%Y%m%d') END
    WHEN length(x) BETWEEN 5 AND 18 AND try_cast(x AS DOUBLE) BETWEEN 32874 AND 73051 THEN
        TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(CAST(x AS DOUBLE) * 86400) AS BIGINT) * 1000000)
    WHEN length(x) >= 17 AND substr(x, 5, 1) = '-' AND (right(x, 1) = 'Z' OR substr(x, -6, 1) IN ('+', '-')
                                                         OR substr(x, -5, 1) IN ('+', '-')
                                                         OR substr(x, -3, 1) IN ('+', '-')) THEN
        vn_strptime_plain(regexp_replace(x, '\s*(Z|[+-]\d{2}(:?\d{2})?)$', ''))
        + to_minutes(420 - vn_utc_offset_minutes(regexp_extract(x, '(Z|[+-]\d{2}(:?\d{2})?)$')))
    ELSE vn_strptime_plain(x)
    END);
CREATE OR REPLACE TEMP MACRO vn_timestamp(x) AS
    CASE WHEN year(vn_strptime(x)) BETWEEN 1990 AND 2100 THEN vn_strptime(x) END;

-- Why a date did not parse: month-first (03/25/2024), impossible (31/02/2024) or unreadable.
CREATE OR REPLACE TEMP MACRO vn_date_problem(x) AS CASE
    WHEN regexp_matches(x, '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
         AND try_cast(regexp_extract(x, '^\d{1,2}[/.-](\d{1,2})', 1) AS INTEGER) > 12
         AND try_cast(regexp_extract(x, '^(\d{1,2})', 1) AS INTEGER) <= 12
         AND try_cast(regexp_extract(x, '^\d{1,2}[/.-](\d{1,2})', 1) AS INTEGER) <= 31
        THEN 'month_first_date'
    WHEN regexp_matches(x, '^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}[/-]\d{1,2}[/-]\d{1,2})')
        THEN 'impossible_date'
    ELSE 'bad_date'
END;

-- The end of the day for a due date given without a time (or at 00:00, as Excel date cells come).
CREATE OR REPLACE TEMP MACRO vn_deadline(ts) AS CASE
    WHEN ts = date_trunc('day', ts) THEN ts + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
    ELSE ts
END;

-- A unit's name as a matching key: folded, without the " - Tỉnh …" / " - Thành phố …" the
-- national portal appends ("Sở Tư pháp - Tỉnh Khánh Hòa" is "Sở Tư pháp"). Must agree with
-- data_loaders.columns.unit_key.
CREATE OR REPLACE TEMP MACRO vn_unit_key(x) AS
    vn_fold(regexp_replace(x, '\s+-\s+(tỉnh|thành phố|tp\.?)\s.*$', '', 'i'));

-- Rates as queries/metrics.py computes them (rounded half-up, exactly, on integers; no value when
-- the denominator is 0): the engine's queries compute rates, ranks and changes in SQL with these.
CREATE OR REPLACE TEMP MACRO vn_rate(n, d) AS CASE WHEN d = 0 THEN NULL ELSE ((20000 * n + d) // (2 * d)) / 100 END;
CREATE OR REPLACE TEMP MACRO vn_points(rate) AS
    CASE WHEN rate IS NULL THEN NULL ELSE ((CAST(round(rate * 100) AS BIGINT) * 20 + 50) // 100) / 100 END;
CREATE OR REPLACE TEMP MACRO vn_avg_days(seconds, resolved) AS
    CASE WHEN resolved = 0 THEN NULL ELSE floor(seconds / 86400.0 / resolved * 100 + 0.5 + 1e-9) / 100 END;

-- The engine's period bounds (queries/engine.sql): the first day of the first month wholly inside a
-- period starting on d, the last day of the last month wholly inside a period ending on d, and the
-- month whose end-of-month stock of pending dossiers the period's end starts from.
CREATE OR REPLACE TEMP MACRO vn_first_whole_month(d) AS CAST(
    CASE WHEN day(CAST(d AS DATE)) = 1 THEN CAST(d AS DATE)
         ELSE date_trunc('month', CAST(d AS DATE)) + INTERVAL 1 MONTH END AS DATE);
CREATE OR REPLACE TEMP MACRO vn_last_whole_day(d) AS CAST(
    CASE WHEN CAST(d AS DATE) = last_day(CAST(d AS DATE)) THEN CAST(d AS DATE)
         ELSE date_trunc('month', CAST(d AS DATE)) - INTERVAL 1 DAY END AS DATE);
CREATE OR REPLACE TEMP MACRO vn_stock_month(d) AS CAST(
    CASE WHEN CAST(d AS DATE) = last_day(CAST(d AS DATE)) THEN date_trunc('month', CAST(d AS DATE))
         ELSE date_trunc('month', CAST(d AS DATE)) - INTERVAL 1 MONTH END AS DATE);
