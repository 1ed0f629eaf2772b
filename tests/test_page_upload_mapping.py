"""The upload page's column mapping, as staff use it (AppTest on a real database): an export no
rule recognises is mapped column by column from drop-downs, the preview follows, the mapping is
saved under a name, the file imports, and the next file with the same headers maps itself."""
from __future__ import annotations

import hashlib

from tests.conftest import csv_bytes, run_app, sso_user, table_rows_db
from tests.odd_export import CHOICES, ODD_HEADERS

ROWS = [["BN-1", "Sở Tư pháp", "02/10/2026 08:00", "4", "gấp"],
        ["BN-2", "UBND xã An Bình", "03/10/2026 09:00", "2", ""]]


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info])


def test_map_an_unknown_export_save_the_mapping_and_reuse_it(db_copy):
    at = run_app(db_copy, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload")
    data = csv_bytes(ROWS, ODD_HEADERS)
    sha = hashlib.sha256(data).hexdigest()[:24]
    at.get("file_uploader")[0].set_value(("he_thong_x.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert "tiêu đề" in texts(at)  # no header row recognised: refused, nothing to import yet
    at.selectbox(key=f"kind_{sha}").set_value("dossiers").run()  # the person says what it is
    assert "Thiếu cột bắt buộc" in texts(at) and "Ghép cột" in texts(at)
    for i, header in enumerate(ODD_HEADERS):  # one drop-down per column of the file
        box = at.selectbox(key=f"map_{sha}_dossiers_{i}")
        assert box.label.replace("\\", "") == header and box.value == ""
        box.set_value(CHOICES[header] or "")
    at.run()
    assert not at.exception, at.exception
    assert "**2** dòng mới" in texts(at)  # the preview follows the mapping
    assert table_rows_db(db_copy, "SELECT count(*) FROM column_mappings") == 0  # nothing saved by itself

    at.text_input(key=f"mapname_{sha}").set_value("Hệ thống X của tỉnh")
    at.button(key=f"mapsave_{sha}").click().run()
    assert not at.exception, at.exception
    assert any("Hệ thống X của tỉnh" in s.value for s in at.success)
    assert table_rows_db(db_copy, "SELECT name FROM column_mappings") == "Hệ thống X của tỉnh"

    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert table_rows_db(db_copy, "SELECT count(*) FROM dossiers WHERE dossier_code LIKE 'BN-%'") == 2
    assert table_rows_db(db_copy, "SELECT mapping_name FROM import_log WHERE file_name = 'he_thong_x.csv'") == \
        "Hệ thống X của tỉnh"

    # next month's export from the same system: mapped without anyone choosing, and the page says so
    nxt = run_app(db_copy, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload")
    nxt.get("file_uploader")[0].set_value(("thang11.csv", csv_bytes([["BN-3", "Sở Tư pháp", "02/11/2026 08:00", "2",
                                                                       ""]], ODD_HEADERS), "text/csv")).run()
    assert not nxt.exception, nxt.exception
    assert "Dùng cách ghép cột đã lưu «Hệ thống X của tỉnh» (tệp có cùng tiêu đề cột)" in texts(nxt).replace("\\", "")
    assert "**1** dòng mới" in texts(nxt)


def saved_names(at) -> list[str]:
    """The names in the admin page's table of saved mappings."""
    tables = [d.value for d in at.dataframe if "Cột được ghép" in d.value.columns]
    assert len(tables) == 1
    return list(tables[0]["Tên"])


def test_admins_rename_and_delete_saved_mappings(db_copy):
    from data_loaders import mappings
    import warehouse

    with warehouse.session(db_copy) as con:
        mappings.save(con, mappings.build("dossiers", CHOICES, name="Cũ", headers=ODD_HEADERS), user="canbo")
    at = run_app(db_copy, sso_user("admin", "quantri@tinh.gov.vn"), sso=True, page="admin")
    assert saved_names(at) == ["Cũ"]
    at.text_input(key="mapping_new_name").set_value("Hệ thống một cửa tỉnh")
    at.button(key="mapping_rename").click().run()
    assert not at.exception, at.exception
    assert saved_names(at) == ["Hệ thống một cửa tỉnh"]
    at.button(key="mapping_delete").click().run()
    assert not at.exception, at.exception
    assert table_rows_db(db_copy, "SELECT count(*) FROM column_mappings") == 0
