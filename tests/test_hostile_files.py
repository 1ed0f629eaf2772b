"""Hostile and careless files (issue 11, items 1, 2, 4, 5, 6): tiny XLSX files that claim a huge
sheet, zip bombs, XML tricks, deep or huge JSON. Each is refused in Vietnamese and English with a
logged refusal, without the process taking more memory than a normal import."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import warehouse
from data_loaders import import_file, read
from tests.conftest import DOSSIER_HEADERS, ROOT, row, table_rows
from tests.xlsx_files import column_letters, crafted_xlsx, far_cell_xlsx, sheet_rows, xml_escape


def bomb_xlsx(path: Path, rows: int, dimension: bool = False) -> Path:
    """A small archive holding many identical rows (deflate shrinks them a few hundred times)."""
    # rows and cells without `r` (the format allows it): every row the same bytes
    one = ("<row>" + "".join(f'<c t="inlineStr"><is><t>{xml_escape(v)}</t></is></c>' for v in row("HS")) + "</row>").encode()
    body = io.BytesIO()
    body.write(sheet_rows([DOSSIER_HEADERS]).encode())
    for _ in range(rows):
        body.write(one)
    return crafted_xlsx(path, body.getvalue(), dimension=f"A1:S{rows + 1}" if dimension else None, compresslevel=9)


def cli_import(db: Path, path: Path, *extra) -> tuple[subprocess.CompletedProcess, int]:
    """`cli.py import` in its own process; returns the process and its peak memory in MB."""
    # VmHWM, the process's own high-water mark (ru_maxrss would include the parent's: Linux keeps it
    # across fork and exec)
    code = ("import runpy, sys; sys.argv = ['cli.py', *sys.argv[1:]]; rc = 0\n"
            "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
            "except SystemExit as e:\n    rc = e.code or 0\n"
            "hwm = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
            "print(f'PEAK {hwm // 1024}', file=sys.stderr)\n"
            "sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "--create", "import", str(path), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    peak = [int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK ")]
    return proc, peak[0] if peak else -1


def logged(db: Path) -> list[tuple]:
    with warehouse.session(db, read_only=True) as con:
        return table_rows(con, "SELECT file_name, status, message FROM import_log ORDER BY import_id")


# ---- item 1: a tiny file claiming a huge sheet -----------------------------------------------------

@pytest.mark.parametrize("ref, value, dimension", [
    ("XFD1048576", "", True),   # the 1.7 KB file of the issue: an empty string at the last cell
    ("XFD1048576", "x", False),  # no declared dimension: the cell itself is refused
    ("ZZ100000", "x", True),     # 2.9 GB before being refused, before
    ("A1048577", "x", False),    # a row Excel cannot have
], ids=["XFD1048576-empty", "XFD1048576-no-dimension", "ZZ100000", "row-beyond-excel"])
def test_a_tiny_xlsx_with_a_far_cell_is_refused_in_one_line_and_logged(tmp_path, ref, value, dimension):
    path = far_cell_xlsx(tmp_path / "xa_phuong.xlsx", ref, value, dimension)
    assert path.stat().st_size < 4096
    db = tmp_path / "far.duckdb"
    proc, peak = cli_import(db, path)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-500:])  # before: 134 (SIGABRT), nothing logged
    message = [line for line in proc.stderr.splitlines() if not line.startswith("PEAK ")]
    assert any("giới hạn" in line and "beyond what is accepted" in line for line in message), message
    assert 0 < peak < 250, peak  # MB: about what starting Python and DuckDB take (86 MB here), no more
    (name, status, text), = logged(db)
    assert (name, status) == ("xa_phuong.xlsx", "refused") and "1,048,576" in text and "500" in text


def test_an_empty_string_far_away_without_a_declared_range_is_ignored_not_allocated(tmp_path, db):
    # Empty cells hold nothing: they neither extend the sheet nor cost memory.
    rows = sheet_rows([DOSSIER_HEADERS, row("HS1")])
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'
    result = import_file(db, crafted_xlsx(tmp_path / "e.xlsx", rows + far))
    assert result.ok and result.rows_imported == 1 and result.headers[:2] == DOSSIER_HEADERS[:2]


# ---- item 2: zip bombs and what is checked before reading --------------------------------------------

def test_a_zip_bomb_is_refused_from_the_archive_before_any_row_is_read(tmp_path):
    path = bomb_xlsx(tmp_path / "bom.xlsx", 60_000)
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > read.RATIO_FLOOR and info.file_size / info.compress_size > read.MAX_RATIO
    db = tmp_path / "bomb.duckdb"
    proc, peak = cli_import(db, path)
    assert proc.returncode == 1
    assert "nén bất thường" in proc.stderr and "compressed abnormally" in proc.stderr
    assert 0 < peak < 250, peak
    assert logged(db)[0][1] == "refused"
    with warehouse.session(db, read_only=True) as con:
        assert table_rows(con, "SELECT count(*) FROM dossiers") == [(0,)]


def test_an_archive_larger_than_the_limit_once_unpacked_is_refused(tmp_path, db, monkeypatch):
    # A 2 GB sheet is too big for a test file: the same check with the limit lowered to 1 MB.
    monkeypatch.setattr(read, "MAX_XLSX_PART", 1 << 20)
    path = crafted_xlsx(tmp_path / "lon.xlsx", sheet_rows([DOSSIER_HEADERS] + [row(f"HS{i}") for i in range(3000)]))
    result = import_file(db, path)
    assert result.status == "refused" and "giải nén quá lớn" in result.message_vi and "too large" in result.message_en


def test_a_shared_string_table_over_its_limit_is_refused(tmp_path, db, monkeypatch):
    monkeypatch.setattr(read, "MAX_SHARED_STRINGS", 1 << 16)
    shared = "".join(f"<si><t>chuỗi {i}</t></si>" for i in range(5000))
    path = crafted_xlsx(tmp_path / "s.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=shared)
    result = import_file(db, path)
    assert result.status == "refused" and "sharedStrings" in result.message_en


def test_a_declared_dimension_beyond_the_limits_is_refused_before_the_rows(tmp_path, db):
    rows = sheet_rows([DOSSIER_HEADERS, row("HS1")])
    result = import_file(db, crafted_xlsx(tmp_path / "d.xlsx", rows, dimension="A1:ALM20"))
    assert result.status == "refused" and "A1:ALM20" in result.message_vi and "declares a data range" in result.message_en


def test_a_billion_laughs_xml_is_refused(tmp_path, db):
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>')
    path = tmp_path / "lol.xlsx"
    crafted_xlsx(path, sheet_rows([DOSSIER_HEADERS]))
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<?xml version="1.0" encoding="UTF-8"?>', b'<?xml version="1.0"?>' + laughs.encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = import_file(db, path)
    assert result.status == "refused" and "DOCTYPE" in result.message_en


# ---- the streamed reader reads what spreadsheet programs write ---------------------------------------

STYLES = ('<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
          '<numFmt numFmtId="165" formatCode="&quot;Ngày&quot; 0"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs>')


def test_the_streamed_reader_reads_shared_and_rich_strings_dates_booleans_and_prefixes(tmp_path, db):
    header = "".join(f'<x:c r="{column_letters(i)}1" t="s"><x:v>{i}</x:v></x:c>' for i in range(len(DOSSIER_HEADERS)))
    shared = "".join(f"<si><t>{xml_escape(h)}</t></si>" for h in DOSSIER_HEADERS)
    shared += '<si><r><t>Sở Tư</t></r><r><t xml:space="preserve"> pháp</t></r><rPh><t>そ</t></rPh></si>'
    nfd = "Xa\u0301 Ho\u0300a"  # decomposed letters, as a Mac writes them
    cells = [
        '<x:c r="A2" t="inlineStr"><x:is><x:t>HS1</x:t></x:is></x:c>',
        '<x:c r="B2"><x:v>1.000001</x:v></x:c>',
        f'<x:c r="F2" t="s"><x:v>{len(DOSSIER_HEADERS)}</x:v></x:c>',
        '<x:c r="E2" t="str"><x:f>"U1"</x:f><x:v>U1</x:v></x:c>',
        '<x:c r="I2" s="1"><x:v>46300.333333333336</x:v></x:c>',  # 05/10/2026 08:00
        '<x:c r="J2" s="2"><x:v>46305</x:v></x:c>',  # 10/10/2026
        '<x:c r="K2" s="1"><x:v>46303.375</x:v></x:c>',
        '<x:c r="M2"><x:v>10</x:v></x:c>',
        '<x:c r="N2" t="b"><x:v>1</x:v></x:c>',
        '<x:c r="O2" t="e"><x:v>#N/A</x:v></x:c>',
        f'<x:c r="D2" t="inlineStr"><x:is><x:t>{nfd}</x:t></x:is></x:c>',
    ]
    # cells in the order a writer may put them; row 3 is empty (a blank row), row 4 has a cell without r
    body = (f'<x:row r="1">{header}</x:row><x:row r="2">{"".join(sorted(cells, key=lambda c: c[9:12]))}</x:row>'
            '<x:row r="4"><x:c t="inlineStr"><x:is><x:t>HS2</x:t></x:is></x:c></x:row>')
    path = crafted_xlsx(tmp_path / "p.xlsx", body, shared=shared, styles=STYLES, prefix="x")
    result = import_file(db, path, dry_run=True)
    assert result.rows_read == 3 and result.skipped.get("blank") == 1, result
    first = result.preview[0]
    assert first["dossier_code"] == "HS1" and first["unit_name"] == "Sở Tư pháp" and first["unit_code"] == "U1"
    assert first["received_at"] == "2026-10-05 08:00:00" and first["due_at"] == "2026-10-10"
    assert first["completed_at"] == "2026-10-08 09:00:00" and first["status"] == "10"
    assert first["digitized"] == "1" and first.get("result_digitized") is None
    assert first["field_name"] == "Xá Hòa" and len(first["field_name"]) == 6  # NFC: one letter each
    assert first["procedure_code"] == "1.000001"


def test_dates_in_the_1904_system(tmp_path, db):
    body = sheet_rows([DOSSIER_HEADERS]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>HS1</t></is></c>' \
        '<c r="I2" s="2"><v>44838</v></c><c r="M2"><v>10</v></c></row>'
    path = crafted_xlsx(tmp_path / "m.xlsx", body, styles=STYLES, workbook_pr='<workbookPr date1904="1"/>')
    assert import_file(db, path, dry_run=True).preview[0]["received_at"] == "2026-10-05"


# ---- items 4, 5 and 6 on the upload page ------------------------------------------------------------

@pytest.fixture
def upload_app(province_db, tmp_path, monkeypatch):
    """The upload page for a staff member (SSO-signed, as test_access does) on a copy of the province."""
    import shutil

    from tests.conftest import run_app, sso_user

    db = tmp_path / "upload.duckdb"
    shutil.copy(province_db, db)
    monkeypatch.setenv("CCHC_DB", str(db))
    return run_app(db, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload"), db


def csv_of(rows, headers=DOSSIER_HEADERS) -> bytes:
    from tests.conftest import csv_bytes

    return csv_bytes(rows, headers)


def staged(at) -> set:
    return set(at.session_state["_staged"]) if "_staged" in at.session_state else set()


def test_two_identical_files_in_one_batch_are_checked_once_and_the_rest_still_checked(upload_app):
    at, _ = upload_app
    same = csv_of([row("D1")])
    other = csv_of([row("D2"), row("D3")])
    at.get("file_uploader")[0].set_value([("a.csv", same, "text/csv"), ("b.csv", same, "text/csv"),
                                          ("c.csv", other, "text/csv")]).run()
    assert not at.exception, at.exception  # before: StreamlitDuplicateElementKey, c.csv never checked
    text = " ".join(m.value for m in at.markdown)
    assert text.count("Sẽ nhập:") == 2 and "**1** dòng mới" in text and "**2** dòng mới" in text
    assert any("giống hệt tệp «a\\.csv»" in i.value for i in at.info)
    assert any(b.label == "Nhập 2 tệp" for b in at.button)


def test_a_previewed_file_is_private_and_deleted_when_let_go_of(upload_app):
    import stat

    at, _ = upload_app
    at.get("file_uploader")[0].set_value(("t.csv", csv_of([row("P1")]), "text/csv")).run()
    (path,) = staged(at)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # before: 0644, readable by every local user
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    at.get("file_uploader")[0].set_value([]).run()  # the person removes it from the uploader
    assert not at.exception and not path.exists()


def test_previews_idle_for_half_an_hour_are_swept_and_an_import_deletes_its_file(upload_app):
    import os
    import time

    at, _ = upload_app
    forgotten = read.stage_upload(b"a session that ended without importing", "0000-forgotten.upload")
    old = time.time() - read.UPLOAD_MAX_AGE - 60
    os.utime(forgotten, (old, old))
    at.get("file_uploader")[0].set_value(("t.csv", csv_of([row("P2")]), "text/csv")).run()
    assert not forgotten.exists()  # swept on the page's next run
    (path,) = staged(at)
    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert not path.exists()


def test_the_upload_limit_is_the_widgets_and_said_in_both_languages(upload_app):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import SSO, sso_user

    at, db = upload_app
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb == 200
    assert any("Mỗi tệp tối đa 200 MB" in c.value for c in at.caption)
    english = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=90)  # ?lang=en opened
    english.secrets["auth"], english.user = SSO, sso_user("staff", "canbo@tinh.gov.vn")
    english.query_params["lang"] = "en"
    english.run()
    assert not english.exception, english.exception
    assert any("At most 200 MB per file" in c.value for c in english.caption)
    # an administrator's limit above the server's: the widget keeps the server's (no bare "413")
    with warehouse.session(db) as con:
        from auth import accounts

        accounts.set_setting(con, "max_upload_mb", 1000)
    at.run()
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 200


@pytest.mark.parametrize("content, vi, en", [
    (b"[" * 100_000 + b"]" * 100_000, "lồng nhau quá sâu", "nested too deeply"),
    (b'{"code": "OK", "data": {"parent": {"score": ' + b"9" * 5000 + b"}}}", "số quá dài", "too long"),
], ids=["deep", "huge-integer"])
def test_deep_json_and_huge_numbers_are_refused_in_the_products_words(tmp_path, content, vi, en):
    path = tmp_path / "p.json"
    path.write_bytes(content)
    proc, _ = cli_import(tmp_path / "j.duckdb", path, "--period", "2026-10")
    assert proc.returncode == 1
    assert vi in proc.stderr and en in proc.stderr
    assert "recursion" not in proc.stderr and "set_int_max_str_digits" not in proc.stderr


def test_a_json_file_larger_than_a_portal_page_is_refused_before_parsing(tmp_path, db):
    path = tmp_path / "big.json"
    path.write_bytes(b'{"code": "OK", "pad": "' + b"x" * (read.MAX_JSON + 10) + b'"}')
    result = import_file(db, path, period="2026-10")
    assert result.status == "refused" and "JSON quá lớn" in result.message_vi and "too large" in result.message_en


def test_a_value_right_of_the_last_header_is_an_unnamed_column(tmp_path, db):
    body = sheet_rows([DOSSIER_HEADERS, row("HS1")])
    body += f'<row r="3">{sheet_rows([row("HS2")], first=3)[len("<row r=3>") + 2:-len("</row>")]}' \
            '<c r="Z3" t="inlineStr"><is><t>ghi chú</t></is></c></row>'
    result = import_file(db, crafted_xlsx(tmp_path / "w.xlsx", body), dry_run=True)
    assert result.ok and result.rows_imported == 2
    assert len(result.headers) == 26 and result.headers[19:] == [""] * 7  # A…Z, the extra ones unnamed


def test_huge_cells_are_never_folded_as_column_names(tmp_path, db, monkeypatch):
    """The header search folds the first rows' cells once per kind and word rule. A cell longer than
    any column name is a value: a hostile file's 120,000-character cell, folded character by character
    hundreds of times, held the server for 30 s (400,000 characters, minutes). No cell over MAX_HEADER
    characters may reach the folding, whether above the header, in it or below it."""
    from data_loaders import columns

    long_folds = []
    strip = columns._strip_marks

    def counting(text):
        if len(str(text)) > columns.MAX_HEADER:
            long_folds.append(len(str(text)))
        return strip(text)

    monkeypatch.setattr(columns, "_strip_marks", counting)
    big = "Ă" * 400_000  # 800 kB of UTF-8 (DuckDB reads lines up to 2 MB)
    rows = [row("HS1"), row("HS2"), row("HS3")]
    rows[1][2] = big  # a procedure name of 400,000 characters
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"Báo cáo,{big}\n")  # a title line above the header, with the same cell
        f.write(",".join([*DOSSIER_HEADERS[:-1], big[:5000]]) + "\n")  # a header cell of 5,000 characters
        for r in rows:
            f.write(",".join(r) + "\n")
    result = import_file(db, path, user="t")
    assert result.ok, result.summary("en")
    assert result.rows_imported == 3
    assert long_folds == []
    assert len(db.execute("SELECT procedure_name FROM dossiers WHERE dossier_code = 'HS2'").fetchall()[0][0]) == 400_000
