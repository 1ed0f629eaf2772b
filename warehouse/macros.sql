-- Helpers every connection gets (temporary: they live with the connection, not the file).

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
CREATE OR REPLACE TEMP MACRO vn_strptime(x) AS try_strptime(x, [
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d/%m/%Y %H:%M:%S.%f',
        '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y',
        '%d.%m.%Y %H:%M:%S', '%d.%m.%Y',
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f',
        '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d'
    ]);
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
