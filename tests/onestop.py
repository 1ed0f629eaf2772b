"""A one-stop system's database as provinces host them (OpenCPS-like): agencies, procedures and
dossiers with Vietnamese text and `timestamptz` columns, generated deterministically inside
PostgreSQL (generate_series), so that 50,000 or 5,000,000 dossiers load in seconds.

Used by the source tests (tests/test_sources.py) and the pull benchmark (bench/pull.py). The
source query names its columns as OpenCPS does (dossierNo, govAgencyCode, receiveDate …), which
the importer recognises by its alias lists; procedures use Vietnamese column names it does not
know, so they need a saved column mapping, as a real system would.
"""
from __future__ import annotations

AGENCIES = [
    ("H56.01", "Sở Tư pháp"), ("H56.02", "Sở Kế hoạch và Đầu tư"), ("H56.03", "Sở Tài nguyên và Môi trường"),
    ("H56.04", "Sở Xây dựng"), ("H56.05", "Sở Giao thông vận tải"), ("H56.06", "Sở Y tế"),
    ("H56.07", "Sở Lao động - Thương binh và Xã hội"), ("H56.08", "Sở Công Thương"),
    ("56001", "UBND xã An Bình"), ("56002", "UBND phường Hòa Thuận"), ("56003", "UBND xã Đắk Nông"),
    ("56004", "UBND phường Ninh Hiệp"), ("56005", "UBND xã Quảng Điền"), ("56006", "UBND xã Ea Tu"),
]
PROCEDURES = [
    ("1.001612", "Đăng ký khai sinh", "Hộ tịch", "Toàn trình"),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "Một phần"),
    ("2.000528", "Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", "Toàn trình"),
    ("1.010007", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và phát triển doanh nghiệp", "Toàn trình"),
    ("1.004227", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", "Một phần"),
    ("1.003003", "Đăng ký biến động quyền sử dụng đất", "Đất đai", "Một phần"),
    ("1.002804", "Cấp giấy phép lái xe quốc tế", "Đường bộ", "Toàn trình"),
    ("1.001035", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", "Một phần"),
    ("2.000286", "Giải quyết trợ cấp thất nghiệp", "Việc làm", "Toàn trình"),
    ("2.000620", "Cấp giấy chứng nhận đủ điều kiện kinh doanh xăng dầu", "Kinh doanh khí", "Không"),
    ("1.004964", "Chứng thực bản sao từ bản chính", "Chứng thực", "Không"),
    ("1.001193", "Đăng ký khai tử", "Hộ tịch", "Toàn trình"),
]

# OpenCPS's status words (the importer knows them) and the national codes they stand for.
STATUS_WORDS = {"done": 10, "releasing": 9, "processing": 4, "waiting": 5, "cancelled": 7, "receiving": 2, "new": 1}

SCHEMA = """
CREATE TABLE agency (
    agency_id        integer PRIMARY KEY,
    gov_agency_code  text UNIQUE NOT NULL,
    gov_agency_name  text NOT NULL,
    modified_date    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE thu_tuc (
    thu_tuc_id       integer PRIMARY KEY,
    ky_hieu          text UNIQUE NOT NULL,
    ten_thu_tuc      text NOT NULL,
    linh_vuc         text,
    muc_do_dvc       text
);
CREATE TABLE dossier (
    dossier_id       bigint PRIMARY KEY,
    dossier_no       text UNIQUE NOT NULL,
    thu_tuc_id       integer NOT NULL REFERENCES thu_tuc,
    agency_id        integer NOT NULL REFERENCES agency,
    apply_method     smallint NOT NULL,          -- 1 direct, 2 online, 3 postal
    receive_date     timestamptz NOT NULL,
    due_date         timestamptz,
    release_date     timestamptz,
    finish_date      timestamptz,
    dossier_status   text NOT NULL,
    applicant_name   text,
    modified_date    timestamptz NOT NULL
);
CREATE INDEX dossier_modified ON dossier (modified_date);
"""

# Every dossier is valid for the importer (due after received, an end date when resolved), so a
# count on the source and the dashboard's figures must agree exactly.
LOAD_DOSSIERS = """
INSERT INTO dossier
SELECT i,
       'HS-' || lpad(i::text, 9, '0'),
       1 + (i * 13) %% %(procedures)s,
       1 + (i * 7) %% %(agencies)s,
       CASE WHEN i %% 5 < 2 THEN 2 WHEN i %% 17 = 0 THEN 3 ELSE 1 END,
       r.received,
       r.received + ((i %% 15) + 1) * interval '1 day' + (i %% 5) * interval '1 hour',
       CASE WHEN s.word IN ('done', 'releasing')
            THEN r.received + ((i * 3) %% 19) * interval '1 day' + (i %% 7) * interval '1 hour' END,
       CASE WHEN s.word = 'done'
            THEN r.received + ((i * 3) %% 19 + 1) * interval '1 day' + (i %% 7) * interval '1 hour' END,
       s.word,
       (ARRAY['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Hoàng Đức', 'Phạm Thị Ánh Tuyết', 'Võ Minh Khôi'])[1 + i %% 5],
       r.received + ((i * 3) %% 19 + 2) * interval '1 day'
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 07:30:00+07'
                           + ((i * 7919) %% (330 * 24 * 60)) * interval '1 minute' AS received) AS r
CROSS JOIN LATERAL (SELECT CASE WHEN (i * 31) %% 100 < 55 THEN 'done'
                                WHEN (i * 31) %% 100 < 65 THEN 'releasing'
                                WHEN (i * 31) %% 100 < 85 THEN 'processing'
                                WHEN (i * 31) %% 100 < 90 THEN 'waiting'
                                WHEN (i * 31) %% 100 < 94 THEN 'cancelled'
                                WHEN (i * 31) %% 100 < 97 THEN 'receiving'
                                ELSE 'new' END AS word) AS s
"""

# The query a province would give the dashboard: its columns named as OpenCPS names them.
DOSSIER_QUERY = """SELECT d.dossier_no AS "dossierNo", t.ky_hieu AS "serviceCode", t.ten_thu_tuc AS "serviceName",
       a.gov_agency_code AS "govAgencyCode", a.gov_agency_name AS "govAgencyName",
       d.apply_method AS "applyMethod", d.receive_date AS "receiveDate", d.due_date AS "dueDate",
       d.release_date AS "releaseDate", d.finish_date AS "finishDate", d.dossier_status AS "dossierStatus",
       d.modified_date
FROM dossier AS d
JOIN agency AS a ON a.agency_id = d.agency_id
JOIN thu_tuc AS t ON t.thu_tuc_id = d.thu_tuc_id"""

# The procedures table's own column names, which no alias knows: a saved mapping maps them.
PROCEDURE_MAPPING = {"ky_hieu": "procedure_code", "ten_thu_tuc": "procedure_name", "linh_vuc": "field_name",
                     "muc_do_dvc": "online_level", "thu_tuc_id": None}


def create(con, dossiers: int, batch: int = 1_000_000) -> None:
    """Create the schema and fill it (`con`: a psycopg connection, autocommit)."""
    con.execute(SCHEMA)
    with con.cursor() as cur:
        cur.executemany("INSERT INTO agency (agency_id, gov_agency_code, gov_agency_name, modified_date) "
                        "VALUES (%s, %s, %s, timestamptz '2025-12-01 08:00:00+07')",
                        [(i + 1, code, name) for i, (code, name) in enumerate(AGENCIES)])
        cur.executemany("INSERT INTO thu_tuc VALUES (%s, %s, %s, %s, %s)",
                        [(i + 1, *p) for i, p in enumerate(PROCEDURES)])
        for first in range(1, dossiers + 1, batch):
            cur.execute(LOAD_DOSSIERS, {"procedures": len(PROCEDURES), "agencies": len(AGENCIES), "first": first,
                                        "last": min(first + batch - 1, dossiers)})
    con.execute("ANALYZE")


# SPEC §3 counts for one period, computed on the source with plain SQL (Vietnam time): what the
# dashboard must show after a full pull. Rules as in queries/daily_counts.sql: received excludes
# statuses 1 and 3; resolved = 8/9/10 ending in the period (completed, else returned); a due time
# of exactly midnight means the end of that day; withdrawn (7) is out of the on-time counts;
# pending is taken at the end of the period's last day.
KPI_SQL = """
WITH d AS (
    SELECT CASE dossier_status %(status_cases)s END AS status, apply_method,
           receive_date AT TIME ZONE 'Asia/Ho_Chi_Minh' AS received,
           due_date AT TIME ZONE 'Asia/Ho_Chi_Minh' AS due,
           coalesce(release_date, finish_date) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ended
    FROM dossier
), f AS (
    SELECT *, CASE WHEN status IN (8, 9, 10) THEN ended END AS end_at,
           CASE WHEN due = date_trunc('day', due) THEN due + interval '1 day' - interval '1 microsecond' ELSE due END
               AS deadline
    FROM d WHERE status NOT IN (1, 3)
), g AS (
    SELECT *, received::date AS received_day, end_at::date AS end_day,
           greatest(end_at::date, received::date) AS leave_day,
           greatest(deadline::date + CASE WHEN deadline = deadline::date + interval '1 day' - interval '1 microsecond'
                                          THEN 1 ELSE 0 END, received::date) AS overdue_day
    FROM f
), p AS (
    SELECT *, status <> 7 AND deadline IS NOT NULL AND received_day <= %(end)s
              AND (end_at IS NULL OR leave_day > %(end)s) AS pending
    FROM g
)
SELECT count(*) FILTER (WHERE received_day BETWEEN %(start)s AND %(end)s) AS received,
       count(*) FILTER (WHERE received_day BETWEEN %(start)s AND %(end)s AND apply_method = 2) AS received_online,
       count(*) FILTER (WHERE received_day BETWEEN %(start)s AND %(end)s AND apply_method = 3) AS received_postal,
       count(*) FILTER (WHERE received_day BETWEEN %(start)s AND %(end)s AND status = 7) AS withdrawn,
       count(*) FILTER (WHERE end_day BETWEEN %(start)s AND %(end)s) AS resolved,
       count(*) FILTER (WHERE end_day BETWEEN %(start)s AND %(end)s AND end_at <= deadline) AS resolved_on_time,
       count(*) FILTER (WHERE end_day BETWEEN %(start)s AND %(end)s AND end_at > deadline) AS resolved_late,
       count(*) FILTER (WHERE pending AND overdue_day > %(end)s) AS pending_within,
       count(*) FILTER (WHERE pending AND overdue_day <= %(end)s) AS pending_overdue
FROM p
"""


def kpis(con, start, end) -> dict:
    """The counts of KPI_SQL for [start, end] (dates), straight from the source database."""
    cases = " ".join(f"WHEN '{word}' THEN {code}" for word, code in STATUS_WORDS.items())
    cur = con.execute(KPI_SQL.replace("%(status_cases)s", cases), {"start": start, "end": end})
    return dict(zip([d.name for d in cur.description], cur.fetchone()))


def create_sqlite(path, dossiers: int) -> None:
    """The same system as a SQLite file (small offices run it so): timestamps as ISO text with the
    Vietnam offset, as SQLite keeps them."""
    import datetime as dt
    import sqlite3

    vn = dt.timezone(dt.timedelta(hours=7))
    start = dt.datetime(2026, 1, 1, 7, 30, tzinfo=vn)
    words = ["done"] * 55 + ["releasing"] * 10 + ["processing"] * 20 + ["waiting"] * 5 + ["cancelled"] * 4 \
        + ["receiving"] * 3 + ["new"] * 3

    def iso(t):
        return t.isoformat(sep=" ") if t else None

    con = sqlite3.connect(path)
    with con:
        con.executescript(SCHEMA.replace("timestamptz", "text").replace("bigint", "integer").replace(" DEFAULT now()", ""))
        con.executemany("INSERT INTO agency VALUES (?, ?, ?, '2025-12-01 08:00:00+07:00')",
                        [(i + 1, code, name) for i, (code, name) in enumerate(AGENCIES)])
        con.executemany("INSERT INTO thu_tuc VALUES (?, ?, ?, ?, ?)", [(i + 1, *p) for i, p in enumerate(PROCEDURES)])
        rows = []
        for i in range(1, dossiers + 1):
            received = start + dt.timedelta(minutes=(i * 7919) % (330 * 24 * 60))
            word = words[(i * 31) % 100]
            ended = received + dt.timedelta(days=(i * 3) % 19, hours=i % 7) if word in ("done", "releasing") else None
            finished = ended + dt.timedelta(days=1) if word == "done" else None
            rows.append((i, f"HS-{i:09d}", 1 + (i * 13) % len(PROCEDURES), 1 + (i * 7) % len(AGENCIES),
                         2 if i % 5 < 2 else 3 if i % 17 == 0 else 1, iso(received),
                         iso(received + dt.timedelta(days=i % 15 + 1, hours=i % 5)), iso(ended), iso(finished), word,
                         "Nguyễn Thị Hồng", iso(received + dt.timedelta(days=(i * 3) % 19 + 2))))
        con.executemany("INSERT INTO dossier VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()


# The query a source runs on create_sqlite's file: the dossiers under the importer's headers, with
# the column that says when a row last changed.
SQLITE_QUERY = """SELECT d.dossier_no AS "Mã hồ sơ", a.gov_agency_code AS "Mã đơn vị", a.gov_agency_name AS "Đơn vị xử lý",
       t.ky_hieu AS "Mã TTHC", d.apply_method AS "Kênh thực hiện", d.receive_date AS "Ngày tiếp nhận",
       d.due_date AS "Ngày hẹn trả", d.release_date AS "Ngày có kết quả", d.finish_date AS "Ngày trả kết quả",
       d.dossier_status AS "Trạng thái", d.modified_date AS "cap_nhat_luc"
FROM dossier AS d JOIN agency AS a ON a.agency_id = d.agency_id JOIN thu_tuc AS t ON t.thu_tuc_id = d.thu_tuc_id;"""
