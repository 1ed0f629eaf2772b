"""The import pipeline: one test per format quirk (docs/definitions.md) and per class of bad input."""
from __future__ import annotations

import datetime as dt
import json
import tracemalloc
import unicodedata

import openpyxl
import pandas as pd
import pytest

import queries
from data_loaders import import_file, pipeline
from tests.conftest import DOSSIER_HEADERS, row, snapshot, stored, table_rows, write_csv


# ---- formats -----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings(do_import, db, encoding):
    result = do_import([row()], encoding=encoding)
    assert result.ok and result.rows_imported == 1
    assert stored(db)["unit_name"] == "Sở Tư pháp"


def test_windows_1258_is_decoded_and_nfc_normalised(do_import, db):
    # Windows-1258 writes tone marks as combining characters: the stored text must be NFC.
    result = do_import([row(unit_name="Sở Tư pháp tỉnh Quảng Ngãi")], encoding="cp1258")
    assert result.ok and result.encoding == "cp1258"
    name = stored(db)["unit_name"]
    assert name == unicodedata.normalize("NFC", "Sở Tư pháp tỉnh Quảng Ngãi")
    assert unicodedata.is_normalized("NFC", name)


def test_nfd_utf8_is_normalised(do_import, db):
    nfd = unicodedata.normalize("NFD", "UBND xã Hòa Bình")
    assert do_import([row(unit_name=nfd)]).ok
    assert stored(db)["unit_name"] == unicodedata.normalize("NFC", "UBND xã Hòa Bình")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_separators(do_import, db, delimiter):
    assert do_import([row(), row(code="HS2")], delimiter=delimiter).rows_imported == 2


def test_headers_match_without_case_diacritics_or_punctuation(do_import, db):
    headers = ["MA_HO_SO", "ma tthc", "TenTTHC", "LINH VUC", "MaDonVi", "DON VI XU LY", "KenhThucHien", "Mức Độ",
               "NGAY_TIEP_NHAN", "NgayHenTra", "Ngày_Có_Kết_Quả", "NgayTra", "TrangThaiHoSo", "Đã số hóa",
               "So hoa ket qua", "DuocTaiSuDung", "Co phi", "DuocThanhToanTrucTuyen", "Xin loi"]
    result = do_import([row()], headers=headers)
    assert result.ok and result.rows_imported == 1
    assert set(result.column_map.values()) >= {"dossier_code", "received_at", "status", "completed_at"}


def test_title_lines_totals_blank_and_signature_rows_are_skipped_and_counted(do_import, db):
    result = do_import(
        [row(), [""] * 19, row(code="HS2"), ["Tổng cộng", "", "", "2"] + [""] * 15],
        title_lines=["UBND TỈNH QUẢNG NGÃI", "BÁO CÁO CHI TIẾT HỒ SƠ THÁNG 10/2026", ""],
        footer_lines=["", ",,,,Người lập biểu", ",,,,Nguyễn Văn A"],
    )
    assert result.ok and result.rows_imported == 2 and result.rows_rejected == 0
    assert result.skipped == {"blank": 2, "totals": 1, "footer": 2}
    assert result.rows_read == result.rows_imported + result.rows_skipped


def test_row_numbers_are_lines_of_the_file(do_import, db):
    # header on line 3, an empty line 5: the bad row is on line 7
    result = do_import([row(), [], row(code="HS2"), row(code="HS3", status="99")], title_lines=["Báo cáo", ""])
    assert table_rows(db, "SELECT row_number, reason FROM rejected_rows") == [(7, "unknown_status")]
    assert result.rows_rejected == 1


def test_row_numbers_are_lines_in_a_file_read_in_parallel(do_import, db):
    # ~25 MB: DuckDB reads it in several pieces at once, and a record's number comes from the order
    # it is stored in. The bad rows must still be named by their lines, after an empty line too.
    long_name = "Cấp giấy phép " + "x" * 560
    rows = [row(code=f"HS{i}", proc_name=long_name) for i in range(40_000)]
    for i in (1_000, 20_000, 39_999):
        rows[i] = row(code=f"HS{i}", proc_name=long_name, status="99")
    rows.insert(10_000, [])  # an empty line before the second and third bad rows
    result = do_import(rows)
    assert result.rows_rejected == 3 and result.rows_imported == 39_997
    # header on line 1: data row i is on line i + 2, one line further after the empty line
    assert table_rows(db, "SELECT row_number FROM rejected_rows ORDER BY 1") == [(1_002,), (20_003,), (40_002,)]


def test_the_preview_is_the_first_rows_kept_with_their_line_numbers(do_import, db):
    # Title lines, an empty line and a blank row before the data, and more rows than the preview
    # shows: it is read from the first rows of the file only, so their numbers must still be lines.
    rows = [row(code="HS1"), [], [""] * 19] + [row(code=f"HS{i}") for i in range(2, 15)]
    result = do_import(rows, title_lines=["Báo cáo", ""])
    assert result.ok
    assert [(p["_row"], p["dossier_code"]) for p in result.preview] == (
        [(4, "HS1")] + [(5 + i, f"HS{i}") for i in range(2, 11)])


def test_empty_lines_are_found_wherever_chunks_split_them():
    # The scanner sees a file in chunks: a "\r\n" or "\n\n" cut between two chunks is still one
    # empty line, and a line holding only "\r" (Windows line ends) is empty too.
    import random

    from data_loaders.read import EmptyLines

    def by_hand(data: bytes) -> list[int]:
        return [i + 1 for i, line in enumerate(data.split(b"\n")[:-1]) if line in (b"", b"\r")]

    rng = random.Random(7)
    for _ in range(2000):
        data = bytes(rng.choice(b"\n\r a") for _ in range(rng.randint(0, 50)))
        scanner, at = EmptyLines(), 0
        while at < len(data):
            step = rng.randint(1, 6)
            scanner.feed(data[at:at + step])
            at += step
        assert scanner.lines() == by_hand(data), data
    whole = EmptyLines()
    whole.feed(b"title\r\n\r\nheader\n\nrow\n")
    assert whole.lines() == [2, 4]


def test_value_normalisation(do_import, db):
    r = row(proc="1.001612.000.00.00.H48", channel="BCCI", status="Đã trả kết quả", received="2026-10-05T14:30:00",
            due="2026-10-09", completed="09-10-2026 10:15")
    r[13] = "x"  # digitized as x
    assert do_import([r]).ok
    s = stored(db)
    assert s["procedure_code"] == "1.001612" and s["procedure_code_raw"] == "1.001612.000.00.00.H48"
    assert s["channel"] == "postal" and s["status"] == 10 and s["digitized"] is True
    assert s["received_at"] == dt.datetime(2026, 10, 5, 14, 30)
    assert s["completed_at"] == dt.datetime(2026, 10, 9, 10, 15)


@pytest.mark.parametrize("text,expected", [("Có", True), ("Không", False), ("1", True), ("0", False), ("x", True),
                                           ("", False), ("true", True), ("Đã", True), ("Chưa", False)])
def test_booleans(do_import, db, text, expected):
    r = row()
    r[13] = text
    assert do_import([r]).ok
    assert stored(db)["digitized"] is expected


@pytest.mark.parametrize("text,expected", [("Trực tiếp", "direct"), ("", "direct"), ("1", "direct"),
                                           ("2", "online"), ("Trực tuyến", "online"),
                                           ("3", "postal"), ("Bưu chính công ích", "postal")])
def test_channels(do_import, db, text, expected):
    assert do_import([row(channel=text)]).ok
    assert stored(db)["channel"] == expected


def test_service_level_overrides_the_catalogue(do_import, db):
    r1, r2 = row(code="A"), row(code="B")
    r1[7], r2[7] = "Mức độ 4", "Một phần"
    assert do_import([r1, r2]).ok
    assert table_rows(db, "SELECT service_level FROM dossiers ORDER BY dossier_code") == [("full",), ("partial",)]


def test_xlsx_with_real_date_cells(db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["SỞ TƯ PHÁP"])
    ws.append(DOSSIER_HEADERS)
    r = row()
    r[8], r[9], r[10], r[12] = dt.datetime(2026, 10, 5, 8, 0), dt.datetime(2026, 10, 10), dt.datetime(2026, 10, 8, 9), 10
    ws.append(r)
    bad = row(code="HS2", received="31/02/2026")
    ws.append(bad)
    path = tmp_path / "export.xlsx"
    wb.save(path)
    result = import_file(db, path)
    assert result.ok and result.rows_imported == 1 and result.rows_rejected == 1
    s = stored(db)
    assert s["received_at"] == dt.datetime(2026, 10, 5, 8, 0) and s["status"] == 10
    # a due date cell at 00:00 means the end of that day
    assert table_rows(db, "SELECT due_deadline FROM dossiers")[0][0] == dt.datetime(2026, 10, 10, 23, 59, 59, 999999)
    assert table_rows(db, "SELECT row_number FROM rejected_rows") == [(4,)]  # sheet row


def test_units_with_decimal_commas_and_kind_labels(do_import, db):
    headers = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Vĩ độ", "Kinh độ"]
    result = do_import([["X1", "UBND xã Tịnh Khê", "Xã", "15,1234", "108,8"], ["S1", "Sở Y tế", "", "15.1", "108.7"]],
                       headers=headers, delimiter=";")
    assert result.ok and result.kind == "units"
    assert table_rows(db, "SELECT unit_code, kind, lat FROM units ORDER BY unit_code") == [
        ("S1", "department", 15.1), ("X1", "commune", 15.1234)]


def test_units_without_a_kind_column(do_import, db):
    """An agency table read straight from a one-stop system has no kind: new units get it from
    their name (rule 7), known units keep the one they have (rule 1)."""
    headers = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]
    assert do_import([["S1", "Trung tâm Phục vụ hành chính công", "department"]], headers=headers, kind="units").ok
    result = do_import([["S1", "Trung tâm Phục vụ hành chính công", ""], ["X1", "UBND xã Tịnh Khê", "22015"],
                        ["S2", "Sở Y tế", "51"]], headers=["Mã đơn vị", "Tên đơn vị", "Mã hành chính"], kind="units")
    assert result.ok and result.rows_imported == 2, result.message_en
    assert table_rows(db, "SELECT unit_code, kind FROM units ORDER BY unit_code") == [
        ("S1", "department"), ("S2", "department"), ("X1", "commune")]


def test_targets_import(do_import, db):
    headers = ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]
    result = do_import([["on_time_rate", "2026", "", "95"], ["Tỷ lệ hồ sơ trực tuyến", "2026", "commune", "60,5%"],
                        ["khong_co", "2026", "", "1"]], headers=headers)
    assert result.kind == "targets" and result.rows_imported == 2 and result.rows_rejected == 1
    assert table_rows(db, "SELECT metric, scope, value FROM targets ORDER BY metric") == [
        ("on_time_rate", "all", 95.0), ("online_rate", "commune", 60.5)]


def test_a_whole_number_too_large_rejects_its_row_not_the_file(do_import, db):
    # "1e20" is a whole number, but no year: turning it into one stopped the whole import.
    headers = ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]
    result = do_import([["on_time_rate", "2026", "", "95"], ["online_rate", "1e20", "", "60"],
                        ["digitized_rate", "99999999999", "", "80"]], headers=headers)
    assert result.ok, result.message_en
    assert result.rows_imported == 1 and result.rejected_by_reason == {"bad_number": 2}
    assert table_rows(db, "SELECT metric FROM targets") == [("on_time_rate",)]


def test_no_cell_text_stops_an_import_whatever_the_column(db):
    # DuckDB checks a conversion for a whole batch of rows at once: a single cell that a value's
    # SQL cannot convert ("1e20" as a year, "+07:0" as a time zone) failed every file holding it.
    # Every column type's SQL over 20,000 random texts and the known culprits, in one batch.
    import random

    from data_loaders.columns import KINDS
    from data_loaders.normalise import value_sql

    rng = random.Random(11)
    alphabet = "0123456789.,-+eE /:%TZ abcđĐ\u00a0"
    texts = ["1e20", "99999999999", "1e309", "-1e400", "nan", "inf", "9" * 400, "2026-08-06T11:18:00+07:0",
             "2026-08-06 11:18 +7h", "45000.5", "12345678901234567890", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 26))) for _ in range(20_000)]
    checked = set()
    for kind, columns in KINDS.items():
        for col in columns:
            expr = value_sql(col, "t")
            if expr in checked:
                continue
            checked.add(expr)
            # (every value is fetched: a count of rows alone lets DuckDB skip computing them)
            values = db.execute(f"SELECT {expr} AS v FROM (SELECT vn_clean(x) AS t FROM "
                                "(SELECT unnest($texts) AS x))", {"texts": texts}).fetchall()
            assert len(values) == len(texts), (kind, col.name)
    assert len(checked) >= 10
    problems = db.execute("SELECT vn_date_problem(x) FROM (SELECT unnest($texts) AS x)", {"texts": texts}).fetchall()
    assert len(problems) == len(texts) and None not in {p for (p,) in problems[:-1]}


# ---- upserts -----------------------------------------------------------------------------

def test_newer_import_wins_and_reimport_changes_nothing(do_import, db):
    assert do_import([row(status="4", completed="")]).rows_imported == 1
    newer = do_import([row(status="10")])
    assert (newer.rows_imported, newer.rows_updated) == (0, 1)
    assert stored(db)["status"] == 10
    assert table_rows(db, "SELECT status FROM dossier_history") == [(4,)]  # the previous version is kept
    before = snapshot(db)
    again = do_import([row(status="10")])
    assert (again.rows_imported, again.rows_updated, again.rows_unchanged) == (0, 0, 1)
    assert snapshot(db) == before
    assert table_rows(db, "SELECT count(*), count(DISTINCT dossier_code) FROM dossiers") == [(1, 1)]


def test_columns_missing_from_a_later_file_keep_their_values(do_import, db):
    assert do_import([row()]).ok
    short = ["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Trạng thái", "Ngày có kết quả"]
    assert do_import([["HS1", "U1", "05/10/2026 08:00", "10", "09/10/2026 09:00"]], headers=short).rows_updated == 1
    s = stored(db)
    assert s["channel"] == "online" and s["digitized"] is True and s["completed_at"] == dt.datetime(2026, 10, 9, 9)


def test_unknown_units_and_procedures_are_kept_and_listed(do_import, db):
    def lists():
        """The two lists, checked against the same queries reading every dossier (the lists skip that
        scan when the rollups' recorded codes are all known: queries._unknown_recorded)."""
        got = queries.unknown_units(db), queries.unknown_procedures(db)
        for name, listed in zip(("unknown_units", "unknown_procedures"), got):
            assert listed.equals(queries.frame(db, name, {"any_recorded": True})), name
        return ([None if pd.isna(c) else c for c in got[0]["unit_code"]],
                [None if pd.isna(c) else c for c in got[1]["procedure_code"]])

    assert lists() == ([], [])
    do_import([["U1", "Sở Tư pháp", "department"]], headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    do_import([["1.001612", "Đăng ký khai sinh", "Hộ tịch", "full"]], headers=["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"])
    assert do_import([row(code="K1", unit="U1", proc="1.001612")]).rows_imported == 1
    assert lists() == ([], [])
    assert do_import([row(unit="ZZ9", unit_name="Ban lạ", proc="9.999999"),
                      row(code="HS2", unit="", unit_name="Ban không mã", proc="")]).rows_imported == 2
    # most dossiers first, then by code (the one without a code last; its procedure was found by name)
    assert lists() == (["ZZ9", None], ["9.999999"])
    do_import([["ZZ9", "Ban lạ", "department"]], headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    assert lists()[0] == [None]  # registered now: only the dossier without a code is left


def test_unit_found_by_name_when_the_code_is_missing(do_import, db):
    do_import([["S7", "Sở Tư pháp", "department"]], headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    assert do_import([row(unit="", unit_name="SỞ TƯ PHÁP")]).ok
    assert stored(db)["unit_code"] == "S7"


def test_the_import_is_logged(do_import, db):
    result = do_import([row(), row(code="HS2", status="x")])
    log = db.execute("SELECT file_name, file_hash, kind, status, rows_read, rows_imported, rows_rejected, "
                     "imported_by, unknown_columns FROM import_log").fetchall()
    assert log == [(result.file_name, result.file_hash, "dossiers", "ok", 2, 1, 1, "tester", "[]")]
    assert len(result.file_hash) == 64


def test_unknown_columns_are_reported(do_import, db):
    result = do_import([row() + ["?"]], headers=DOSSIER_HEADERS + ["Ghi chú nội bộ"])
    assert result.unknown_columns == ["Ghi chú nội bộ"]


# ---- bad input: whole files ---------------------------------------------------------------

def _refused(result, reason_words):
    assert result.status == "refused", result
    assert any(w in result.message_vi for w in reason_words), result.message_vi
    assert result.message_en


def test_empty_file(db, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    before = snapshot(db)
    _refused(import_file(db, tmp_path / "empty.csv"), ["rỗng"])
    assert snapshot(db) == before
    assert table_rows(db, "SELECT status FROM import_log") == [("refused",)]


def test_header_only_file_has_no_rows(do_import, db):
    _refused(do_import([]), ["không có dòng dữ liệu"])


def test_unreadable_binary_file(db, tmp_path):
    (tmp_path / "photo.csv").write_bytes(bytes(range(256)) * 40)
    _refused(import_file(db, tmp_path / "photo.csv"), ["định dạng", "Không đọc"])


def test_legacy_xls_is_an_unknown_format(db, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _refused(import_file(db, tmp_path / "old.xls"), ["định dạng"])


def test_corrupt_xlsx(db, tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    _refused(import_file(db, tmp_path / "broken.xlsx"), ["Không đọc"])


def test_no_header_row(db, tmp_path):
    write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]], headers=["foo", "bar"])
    _refused(import_file(db, tmp_path / "x.csv"), ["tiêu đề"])


def test_missing_required_columns(do_import, db):
    result = do_import([["HS1", "05/10/2026"]], headers=["Mã hồ sơ", "Ngày tiếp nhận"], kind="dossiers")
    _refused(result, ["Thiếu cột bắt buộc"])
    assert "Trạng thái" in result.message_vi and "Status" in result.message_en  # named as a person knows it


# ---- bad input: rows -----------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,reason,column", [
    (dict(received="31/02/2026"), "impossible_date", "received_at"),
    (dict(received="10/25/2026"), "month_first_date", "received_at"),
    (dict(received="hôm qua"), "bad_date", "received_at"),
    (dict(received=""), "missing_value", "received_at"),
    (dict(completed="", status="9"), "resolved_without_end", "completed_at"),
    (dict(due="01/10/2026"), "due_before_received", "due_at"),
    (dict(status="42"), "unknown_status", "status"),
    (dict(code=""), "missing_value", "dossier_code"),
    (dict(channel="Fax"), "unknown_channel", "channel"),
])
def test_bad_rows_are_rejected_with_row_column_and_reason(do_import, db, kwargs, reason, column):
    result = do_import([row(code="OK1"), row(**({"code": "BAD"} | kwargs))])
    assert result.ok and result.rows_imported == 1 and result.rows_rejected == 1
    rejected = table_rows(db, "SELECT row_number, column_name, reason, message_vi, message_en, raw FROM rejected_rows")
    assert [(r[0], r[1], r[2]) for r in rejected] == [(3, column, reason)]
    assert rejected[0][3] and rejected[0][4] and rejected[0][3] != rejected[0][4]
    assert json.loads(rejected[0][5])[0] == (({"code": "BAD"} | kwargs)["code"] or None)
    assert stored(db, "BAD") is None


def test_month_first_message_says_so_in_vietnamese(do_import, db):
    do_import([row(received="10/25/2026")])
    msg = table_rows(db, "SELECT message_vi FROM rejected_rows")[0][0]
    assert "tháng trước ngày" in msg and "10/25/2026" in msg and "Ngày tiếp nhận" in msg


def test_conflicting_duplicates_name_their_rows_identical_ones_are_skipped(do_import, db):
    result = do_import([row(code="A"), row(code="B", status="10"), row(code="A"), row(code="B", status="4",
                                                                                     completed="")])
    assert result.rows_imported == 1 and result.rows_rejected == 2 and result.skipped == {"duplicate": 1}
    messages = table_rows(db, "SELECT row_number, message_vi FROM rejected_rows ORDER BY 1")
    assert [m[0] for m in messages] == [3, 5]
    assert all("3, 5" in m[1] for m in messages)


def test_strict_is_all_or_nothing(do_import, db):
    before = snapshot(db)
    result = do_import([row(code="A"), row(code="B", received="31/02/2026")], strict=True)
    _refused(result, ["nghiêm ngặt"])
    assert snapshot(db) == before
    # the rejected rows are still kept, to download and fix
    assert table_rows(db, "SELECT reason FROM rejected_rows") == [("impossible_date",)]
    assert do_import([row(code="A")], strict=True).rows_imported == 1


def test_a_failure_half_way_leaves_the_database_as_before(do_import, db, monkeypatch):
    assert do_import([row(code="A")]).ok
    before = snapshot(db)

    def broken(con, import_id):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.rollups, "apply_import", broken)  # fails after the rows were written
    result = do_import([row(code="A", status="4", completed=""), row(code="B")])
    assert result.status == "failed" and "disk full" in result.message_en
    assert snapshot(db) == before
    assert table_rows(db, "SELECT status FROM import_log ORDER BY import_id") == [("ok",), ("failed",)]


def test_a_large_file_is_streamed_not_held_in_python_memory(db, tmp_path):
    # ~30 MB of CSV: Python's own allocations must stay a small fraction of the file.
    path = tmp_path / "big.csv"
    line = ",".join(row(code="{}"))  # noqa: P103
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(DOSSIER_HEADERS) + "\n")
        for i in range(200_000):
            f.write(line.replace("{}", f"HS{i:07d}") + "\n")
    size = path.stat().st_size
    tracemalloc.start()
    result = import_file(db, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.ok and result.rows_imported == 200_000
    assert peak < size / 4, (peak, size)


def test_a_refused_file_does_not_inherit_the_previous_imports_rejections(do_import, db, tmp_path):
    first = do_import([row(code="A"), row(code="B", status="99")])
    (tmp_path / "empty.csv").write_bytes(b"")
    second = import_file(db, tmp_path / "empty.csv")
    assert second.status == "refused"
    assert table_rows(db, "SELECT import_id, count(*) FROM rejected_rows GROUP BY 1") == [(first.import_id, 1)]


# ---- what real systems send (issue: real data at the door) ---------------------------------

@pytest.mark.parametrize("text, expected", [
    ("20260806111800", dt.datetime(2026, 8, 6, 11, 18)),  # national synchronisation, Vietnam time
    ("202608061118", dt.datetime(2026, 8, 6, 11, 18)),
    ("20260806", dt.datetime(2026, 8, 6)),
    ("2026-08-06T04:18:00Z", dt.datetime(2026, 8, 6, 11, 18)),  # UTC → Vietnam time
    ("2026-08-06T11:18:00+07:00", dt.datetime(2026, 8, 6, 11, 18)),
    ("2026-08-06T11:18:00.000+0700", dt.datetime(2026, 8, 6, 11, 18)),  # iGate: no colon, milliseconds
    ("2026-08-06 00:18:00-05:00", dt.datetime(2026, 8, 6, 12, 18)),
    ("2026-08-06 11:18:00+07", dt.datetime(2026, 8, 6, 11, 18)),  # PostgreSQL's timestamptz (COPY, psql)
    ("2026-08-06 04:18:00.25+00", dt.datetime(2026, 8, 6, 11, 18, 0, 250000)),
    ("46240", dt.datetime(2026, 8, 6)),  # an Excel date cell saved into a CSV
    ("46240.4708333333", dt.datetime(2026, 8, 6, 11, 18)),
    ("06/08/2026 11:18", dt.datetime(2026, 8, 6, 11, 18)),
])
def test_dates_as_every_system_writes_them(do_import, db, text, expected):
    result = do_import([row(received=text, due="", completed="", status="4")])
    assert result.ok and result.rows_rejected == 0, result.rejected_sample
    assert stored(db)["received_at"] == expected


@pytest.mark.parametrize("text, reason", [("08/25/2026", "month_first_date"), ("2026-13-01T00:00:00Z", "impossible_date"),
                                          ("20261301", "bad_date"), ("12345", "bad_date"), ("99999", "bad_date")])
def test_never_month_first_and_no_guessing(do_import, db, text, reason):
    result = do_import([row(received=text, due="", completed="", status="4")])
    assert result.rejected_by_reason == {reason: 1}


@pytest.mark.parametrize("text", ["2026-08-06T11:18:00+07:0", "2026-08-06 11:18 +7h", "2026-08-06 11:18 -ab"])
def test_a_time_zone_cut_short_rejects_its_row_not_the_file(do_import, db, text):
    # These look as if they end in a UTC offset but hold none: reading that offset stopped the
    # whole import ("Could not convert string '' to INT32") once the file had more than one row.
    result = do_import([row(code="A"), row(code="B", received=text), row(code="C")])
    assert result.ok, result.message_en
    assert result.rows_imported == 2 and result.rows_rejected == 1
    assert table_rows(db, "SELECT column_name FROM rejected_rows") == [("received_at",)]


def test_headers_by_their_words_with_a_clear_precedence(do_import, db):
    do_import([["U1", "Sở Tư pháp", "department"]], headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    headers = ["Số TT", "Mã số hồ sơ", "Mã hồ sơ gốc", "Tên đơn vị", "Mã đơn vị", "Ngày, giờ tiếp nhận hồ sơ",
               "Ngày hẹn trả kết quả", "Ngày trả kết quả cho công dân", "Tình trạng hồ sơ", "Hình thức nộp hồ sơ"]
    result = do_import([["1", "HS1", "GOC-1", "Sở Tư pháp", "U1", "05/10/2026 08:00", "10/10/2026",
                         "09/10/2026 08:00", "Đã trả kết quả", "Nộp trực tuyến"]], headers=headers)
    assert result.ok and result.rows_rejected == 0, result.rejected_sample
    assert result.column_map == {
        "Mã số hồ sơ": "dossier_code", "Tên đơn vị": "unit_name", "Mã đơn vị": "unit_code",
        "Ngày, giờ tiếp nhận hồ sơ": "received_at", "Ngày hẹn trả kết quả": "due_at",
        "Ngày trả kết quả cho công dân": "returned_at", "Tình trạng hồ sơ": "status",
        "Hình thức nộp hồ sơ": "channel"}
    assert result.unknown_columns == ["Số TT", "Mã hồ sơ gốc"]
    assert table_rows(db, "SELECT dossier_code, unit_code, status, channel FROM dossiers") == [
        ("HS1", "U1", 10, "online")]


def test_a_column_the_file_does_not_have_is_unknown_not_no(do_import, db):
    from tests.province import OCT

    headers = [h for h in DOSSIER_HEADERS if h not in ("Số hóa hồ sơ", "Số hóa kết quả", "Tái sử dụng dữ liệu",
                                                       "Có phí", "Thanh toán trực tuyến", "Xin lỗi")]
    keep = [DOSSIER_HEADERS.index(h) for h in headers]
    without = [[r[i] for i in keep] for r in (row(code="A"), row(code="B"))]
    assert do_import(without, headers=headers).ok
    assert table_rows(db, "SELECT DISTINCT digitized, result_digitized, reused, fee_required, paid_online, apology "
                          "FROM dossiers") == [(None,) * 6]
    k = queries.kpis(db, *OCT)
    assert k["received"] == 2 and k["received_digitized_known"] == 0
    assert {m: k[m] for m in ("digitized_rate", "result_digitized_rate", "reuse_rate", "online_payment_rate")} == \
        {"digitized_rate": None, "result_digitized_rate": None, "reuse_rate": None, "online_payment_rate": None}
    # a later export that has the column, for one new dossier: the rate is over the dossiers that have it
    assert do_import([row(code="C")]).ok  # row() says digitized "Có"; the other flags empty (= no)
    k = queries.kpis(db, *OCT)
    assert (k["received"], k["received_digitized_known"], k["digitized_rate"]) == (3, 1, 100.0)
    assert k["received"] - k["received_digitized_known"] == 2  # what the page says lacks the value
    assert k["reuse_rate"] == 0.0  # an empty cell in a present column is "no"


def test_a_column_the_file_lacks_gets_what_an_empty_cell_would(db):
    """normalise.absent_value_sql stands in for value_sql over NULL (cheaper to plan): same value, same type."""
    from data_loaders.columns import KINDS
    from data_loaders.normalise import absent_value_sql, value_sql

    for kind, cols in KINDS.items():
        for col in cols:
            expected = db.execute(f"SELECT {value_sql(col, 'CAST(NULL AS VARCHAR)')} AS v").fetchall()[0][0]
            expected_type = db.execute(f"SELECT typeof({value_sql(col, 'CAST(NULL AS VARCHAR)')})").fetchall()[0][0]
            got, got_type = db.execute(f"SELECT {absent_value_sql(col)}, typeof({absent_value_sql(col)})").fetchall()[0]
            assert (got, got_type) == (expected, expected_type), (kind, col.name)


def test_a_small_file_is_validated_without_the_optimizer_and_the_outcome_is_the_same(tmp_path, monkeypatch):
    """pipeline._planned_lightly: files up to SMALL_FILE_ROWS rows are typed and checked with DuckDB's
    optimizer off (planning is most of their cost). Every outcome — rows kept, skipped, rejected and
    why, the tables written — equals the optimizer's; and the setting is back on afterwards, for this
    connection only, whether the file went in or was refused."""
    import sample_data
    import warehouse
    from tests.fuzz_files import generate

    messy = tmp_path / "messy.csv"
    sample_data.write_dossier_export(messy, 300, seed=3, messy=True)
    fuzz = generate(tmp_path / "fuzz")
    picked = [p for c, p in fuzz if c in ("types", "nasty_text", "mutation", "truncated", "huge_cell")][::45]
    files = [messy, *picked]

    def outcomes(folder, small_rows):
        monkeypatch.setattr(pipeline, "SMALL_FILE_ROWS", small_rows)
        con = warehouse.connect(tmp_path / folder / "w.duckdb")
        other = con.cursor()
        out = []
        for path in files:
            res = import_file(con, path, user="tester")
            out.append((res.status, res.reason, res.rows_read, res.rows_imported, res.rows_updated,
                        res.rows_skipped, res.skipped, res.rows_rejected, res.rejected_by_reason,
                        [(r["row"], r["column"], r["reason"]) for r in res.rejected_sample], res.preview))
            assert con.execute("SELECT current_setting('enable_optimizer')").fetchall() == [(True,)], path.name
        assert other.execute("SELECT current_setting('enable_optimizer')").fetchall() == [(True,)]
        tables = snapshot(con)
        con.close()
        return out, tables

    lightly, optimised = outcomes("light", pipeline.SMALL_FILE_ROWS), outcomes("optimised", -1)
    assert lightly == optimised
    statuses = {o[0] for o in lightly[0]}
    assert "ok" in statuses and lightly[0][0][3] > 250  # the messy export went in
    assert any(o[7] for o in lightly[0]) or "refused" in statuses  # and something was turned away


def test_dossiers_are_stored_in_the_order_they_were_received(do_import, db):
    """An export in any order (newest first, by code) is stored oldest first, as a warehouse filled
    month by month holds it: the dossier lists then read only the row groups of their period.
    New dossiers of a later file follow in their own received order."""
    def stored_order():
        return [r[0] for r in db.execute("SELECT dossier_code FROM dossiers ORDER BY rowid").fetchall()]

    newest_first = [row(f"HS{m:02d}", received=f"05/{m:02d}/2026 08:00", due=f"20/{m:02d}/2026",
                        completed=f"10/{m:02d}/2026 08:00") for m in range(12, 0, -1)]
    assert do_import(newest_first).rows_imported == 12
    assert stored_order() == [f"HS{m:02d}" for m in range(1, 13)]
    # a later file: one update and three new dossiers, newest first again
    later = [row("HS03", received="05/03/2026 08:00", due="20/03/2026", completed="12/03/2026 08:00")] + [
        row(f"N{d:02d}", received=f"{d:02d}/11/2026 08:00", due="30/11/2026", completed="", status="4")
        for d in (20, 10, 1)]
    result = do_import(later)
    assert (result.rows_imported, result.rows_updated) == (3, 1)
    assert stored_order()[12:] == ["N01", "N10", "N20"]


def test_a_file_too_large_for_the_writers_memory_says_what_to_do(do_import, db):
    """Under the writer's memory cap DuckDB can run out of memory (a 10 M-row update of every
    dossier did at 512 MB): the clerk is told the file is too large and how to get it in (split it,
    or a larger CCHC_WRITE_MEMORY from the command line), in both languages, and nothing is written."""
    import re

    import warehouse

    db.execute("SET memory_limit = '8MB'")  # as a file far larger than the cap would
    try:
        result = do_import([row(f"HS{i}") for i in range(1000)])
    finally:
        db.execute(f"SET memory_limit = '{warehouse.WRITE_MEMORY}'")
    assert (result.status, result.reason) == ("failed", "out_of_memory")
    assert f"({warehouse.WRITE_MEMORY})" in result.message_vi and f"({warehouse.WRITE_MEMORY})" in result.message_en
    suggested = re.findall(r"CCHC_WRITE_MEMORY=(\d+)(\w+)", result.message_en)  # more than it has now
    assert suggested and suggested == re.findall(r"CCHC_WRITE_MEMORY=(\d+)(\w+)", result.message_vi)
    assert (int(suggested[0][0]), suggested[0][1]) == (4 * int(warehouse.WRITE_MEMORY[:-2]), warehouse.WRITE_MEMORY[-2:])
    assert "Hãy chia tệp" in result.message_vi and "Split it" in result.message_en
    assert "Out of Memory" not in result.message_vi  # DuckDB's words stay out of the clerk's message
    assert table_rows(db, "SELECT count(*) FROM dossiers") == [(0,)]
    assert do_import([row("HS1")]).ok  # and the warehouse takes the next file as usual
