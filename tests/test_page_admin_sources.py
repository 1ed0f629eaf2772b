"""The admin page's data sources, as an admin uses them (AppTest on a real database and a real
SQLite source file): define a source, see it listed, pull it now, and remove it."""
from __future__ import annotations

import pytest

from tests import onestop
from tests.conftest import run_app, sso_user, table_rows_db


@pytest.fixture
def admin_page(db_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_SECRETS", str(tmp_path / "no-secrets.toml"))  # only what the test defines
    return run_app(db_copy, sso_user("admin", "quantri@tinh.gov.vn"), sso=True, page="admin")


def messages(at) -> str:
    return " ".join([s.value for s in at.success] + [e.value for e in at.error]).replace("\\", "")


def submit(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def test_an_admin_defines_a_source_pulls_it_now_and_removes_it(admin_page, db_copy, tmp_path):
    at = admin_page
    path = tmp_path / "motcua.sqlite"
    onestop.create_sqlite(path, 40)
    before = table_rows_db(db_copy, "SELECT count(*) FROM dossiers")

    # a password typed into the URL is refused, and nothing is kept
    at.text_input(key="source_name").set_value("motcua")
    at.text_input(key="source_url").set_value("postgresql+psycopg://reader:Zq9-bi-mat@db.tinh.local/motcua")
    at.text_input(key="source_table").set_value("dossier")
    submit(at, "Thêm nguồn")
    assert "biến môi trường" in messages(at) and "Zq9-bi-mat" not in messages(at)
    assert table_rows_db(db_copy, "SELECT count(*) FROM sources") == 0

    at.text_input(key="source_url").set_value(f"sqlite:///{path}")
    at.text_input(key="source_table").set_value("")
    at.text_area(key="source_query").set_value(onestop.SQLITE_QUERY)
    at.text_input(key="source_changed").set_value("cap_nhat_luc")
    submit(at, "Thêm nguồn")
    assert "Đã thêm nguồn «motcua»" in messages(at)
    listed = next(d.value for d in at.dataframe if "Mốc đã kéo đến" in d.value.columns)
    assert list(listed["Tên"]) == ["motcua"] and list(listed["Lần kéo gần nhất"]) == ["—"]

    at.button(key="source_pull").click().run()
    assert not at.exception, at.exception
    assert "Lần nhập số" in messages(at) and "nhập mới 40" in messages(at), messages(at)
    assert table_rows_db(db_copy, "SELECT count(*) FROM dossiers") == before + 40
    assert table_rows_db(db_copy, "SELECT imported_by FROM import_log WHERE file_name = 'source:motcua'") == \
        "quantri@tinh.gov.vn"
    listed = next(d.value for d in at.dataframe if "Mốc đã kéo đến" in d.value.columns)
    assert list(listed["Lần kéo gần nhất"])[0].startswith("Đã nhập")
    assert list(listed["Mốc đã kéo đến"])[0].startswith("2026-")

    at.button(key="source_remove").click().run()
    assert not at.exception, at.exception
    assert "Đã xóa nguồn «motcua»" in messages(at)
    assert table_rows_db(db_copy, "SELECT count(*) FROM sources") == 0
    # the pull stays in the history, as an import does
    assert table_rows_db(db_copy, "SELECT count(*) FROM import_log WHERE file_name = 'source:motcua'") == 1
