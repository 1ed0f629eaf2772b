"""The on-time page (pages/on_time.py) run by AppTest on the hand-computed province of
test_metrics (October 2026): what it shows equals `cli.py kpis` and the figures worked out there."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import formatting as fmt
from queries.metrics import LABELS_EN, LABELS_VI
from tests.conftest import cli, click_row, open_page, open_tab, pick, shown_metrics

CARDS = ("on_time_rate", "progress_rate", "apology_rate")
# the details tabs (only the open one runs)
UNITS_TAB, FIELDS_TAB, LIST_TAB, WARNING_TAB = ("Theo đơn vị", "Theo lĩnh vực, thủ tục", "Danh sách hồ sơ",
                                                "Cảnh báo sớm")
# The count metrics the page shows, by label, and the kpis count each one is.
COUNT_CARDS = {
    "Đã giải quyết trong kỳ": "resolved",
    "Giải quyết đúng hạn": "resolved_on_time",
    "Trong đó trước hạn": "resolved_early",
    "Giải quyết trễ hạn": "resolved_late",
    "Đang xử lý trong hạn": "pending_within",
    "Đang xử lý quá hạn": "pending_overdue",
    "Trễ hạn có thư xin lỗi": "resolved_late_apology",
}


@pytest.fixture(scope="module")
def kpis(province_db):
    """`cli.py kpis --json` for October 2026, memoised per scope (--unit CODE)."""
    seen = {}

    def get(*args) -> dict:
        if args not in seen:
            seen[args] = json.loads(cli("--db", province_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31",
                                        "--json", *args).stdout)
        return seen[args]

    return get


def expected_metrics(k: dict) -> dict:
    """Every st.metric the page's top sections should show for one kpis result (Vietnamese)."""
    out = {LABELS_VI[m]: fmt.percent(k[m]) for m in CARDS}
    out[LABELS_VI["avg_processing_days"]] = fmt.number(k["avg_processing_days"], 2)
    out.update({label: fmt.number(k[count]) for label, count in COUNT_CARDS.items()})
    out["Trễ hạn chưa có thư xin lỗi"] = fmt.number(k["resolved_late"] - k["resolved_late_apology"])
    return out


@pytest.fixture
def page(app):
    return open_page(app, "on_time")


def table(at, key: str):
    """A selectable table, found by its key."""
    return at.dataframe(key=key).value


def table_with(at, *columns: str, without: str = ""):
    """The one plain (unkeyed, not selectable) table with these columns (and not `without`)."""
    found = [d.value for d in at.dataframe
             if d.key is None and set(columns) <= set(d.value.columns) and without not in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def dossier_table(at):
    return table_with(at, "Mã hồ sơ", "Thư xin lỗi") if at.session_state["lang"] == "vi" else \
        table_with(at, "Dossier code", "Apology")


def warning_table(at):
    return table_with(at, "Mã hồ sơ", "Hẹn trả", without="Thư xin lỗi")


def choose_range(at, start: dt.date, end: dt.date):
    pick(at, "period_kind", "Tùy chọn")
    at.sidebar.date_input(key="range").set_value((start, end)).run()
    assert not at.exception, at.exception
    return at


def test_cards_and_counts_equal_cli_kpis(page, kpis):
    k = kpis()
    shown = shown_metrics(page)
    expected = expected_metrics(k)
    assert {label: shown.get(label) for label in expected} == expected
    # the hand-computed figures of test_metrics: A C on time (C early), B D late (B with an apology),
    # E J L pending within, F K overdue
    assert shown[LABELS_VI["on_time_rate"]] == "50,00%" and shown[LABELS_VI["progress_rate"]] == "55,56%"
    assert (shown["Giải quyết đúng hạn"], shown["Trong đó trước hạn"], shown["Giải quyết trễ hạn"]) == ("2", "1", "2")
    assert (shown["Đang xử lý trong hạn"], shown["Đang xử lý quá hạn"]) == ("3", "2")
    assert (shown["Trễ hạn có thư xin lỗi"], shown["Trễ hạn chưa có thư xin lỗi"]) == ("1", "1")
    # the "how it is computed" text, Vietnamese first, with the same counts and rates
    assert page.expander[0].label == "Cách tính"
    text = page.expander[0].markdown[0].value
    assert "2 / (2 + 2) = 50,00%" in text and "(2 + 3) / (2 + 2 + 3 + 2) = 55,56%" in text
    assert "11,11 / 20" in text  # progress points


def test_unit_filter_narrows_the_figures(page, kpis):
    pick(page, "unit", "Sở Tư pháp")
    assert "Sở Tư pháp" in page.caption[0].value
    u1 = kpis("--unit", "U1")
    shown = shown_metrics(page)
    assert {label: shown.get(label) for label in expected_metrics(u1)} == expected_metrics(u1)
    # U1: A C on time, B D late, J within, K overdue
    assert (shown[LABELS_VI["progress_rate"]], shown["Đang xử lý trong hạn"], shown["Đang xử lý quá hạn"]) == (
        "50,00%", "1", "1")
    assert list(table(page, "ot_units")["Đơn vị"]) == ["Sở Tư pháp"]
    # the procedures are the unit's own: 1.000001 (A B J K) and 1.000002 (C D)
    procs = table(open_tab(page, "ot_tab", FIELDS_TAB), "ot_procedures")
    assert list(procs["Mã TTHC"]) == ["1.000001", "1.000002"] and list(procs["Tiếp nhận"]) == ["4", "1"]


def test_unit_table_cells_equal_each_units_kpis(page, kpis):
    units = table(page, "ot_units")
    assert list(units["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(units["Hạng"]) == ["—", "—"]  # fewer than ten dossiers each: not ranked (rule 77)
    for row, code in enumerate(("U1", "U2")):
        k = kpis("--unit", code)
        assert units.loc[row, "Tiếp nhận"] == fmt.number(k["received"])
        assert units.loc[row, "Đã giải quyết"] == fmt.number(k["resolved"])
        assert units.loc[row, "Đúng hạn"] == fmt.number(k["resolved_on_time"])
        assert units.loc[row, "Trễ hạn"] == fmt.number(k["resolved_late"])
        assert units.loc[row, "Tỷ lệ đúng hạn"] == fmt.percent(k["on_time_rate"])
        assert units.loc[row, "Tiến độ (QĐ 766)"] == fmt.percent(k["progress_rate"])
        assert units.loc[row, "Đang quá hạn"] == fmt.number(k["pending_overdue"])
        assert units.loc[row, "Số ngày trung bình"] == fmt.number(k["avg_processing_days"], 2)
    assert list(units["Tỷ lệ đúng hạn"]) == ["50,00%", "—"]
    assert list(units["Chỉ tiêu"]) == ["—", "—"]  # the test province has no targets
    assert list(units["Tiến độ (QĐ 766)"]) == ["50,00%", "66,67%"]  # U2: (0 + 2) / (0 + 0 + 2 + 1)
    assert list(units["Thay đổi"]) == ["—", "—"]  # not ranked in September either (too few dossiers)
    # by field (the catalogue's): Hộ tịch = procedure 1.000001, Chứng thực = 1.000002
    fields = table(open_tab(page, "ot_tab", FIELDS_TAB), "ot_fields")
    assert list(fields["Lĩnh vực"]) == ["Hộ tịch", "Chứng thực"] and list(fields["Tiếp nhận"]) == ["6", "4"]


def test_a_row_click_narrows_to_that_unit(page, kpis):
    assert page.session_state["filters"].unit is None
    click_row(page, "ot_units", 0)  # Sở Tư pháp
    assert page.session_state["unit"] == "U1"
    assert "Sở Tư pháp" in page.caption[0].value
    u1 = kpis("--unit", "U1")
    assert shown_metrics(page)[LABELS_VI["progress_rate"]] == fmt.percent(u1["progress_rate"]) == "50,00%"
    # and back to all units
    page.button[0].click().run()
    assert page.session_state["filters"].unit is None
    unit = page.sidebar.selectbox(key="unit")  # the sidebar says so: its "all" option, not an empty box
    assert unit.index == 0 and unit.options[0] == "— Tất cả —"
    assert shown_metrics(page)[LABELS_VI["progress_rate"]] == "55,56%"


def test_dossier_list_by_state_and_by_procedure_click(page):
    late = dossier_table(open_tab(page, "ot_tab", LIST_TAB))  # 'late' is the state shown first
    assert list(late["Mã hồ sơ"]) == ["B", "D"]
    assert list(late["Hẹn trả"]) == ["06/10/2026 10:00", "25/09/2026"]
    assert list(late["Có kết quả"]) == ["06/10/2026 11:00", "02/10/2026 08:00"]
    assert list(late["Số ngày trễ"]) == ["1", "7"] and list(late["Thư xin lỗi"]) == ["Có", "Chưa có"]
    assert list(late["Đơn vị"]) == ["Sở Tư pháp", "Sở Tư pháp"]
    assert list(late["Thủ tục"]) == ["Đăng ký khai sinh", "Chứng thực bản sao"]  # names from the catalogue

    page.selectbox(key="ot_state").set_value("overdue").run()
    assert sorted(dossier_table(page)["Mã hồ sơ"]) == ["F", "K"]
    page.selectbox(key="ot_state").set_value("within").run()
    assert sorted(dossier_table(page)["Mã hồ sơ"]) == ["E", "J", "L"]
    page.selectbox(key="ot_state").set_value("late").run()

    # clicking the procedure 1.000002 (Chứng thực bản sao) lists its dossiers only
    procs = table(open_tab(page, "ot_tab", FIELDS_TAB), "ot_procedures")
    click_row(page, "ot_procedures", list(procs["Mã TTHC"]).index("1.000002"))
    assert not [d for d in page.dataframe if "Thư xin lỗi" in d.value.columns]  # the list's tab is not open
    assert list(dossier_table(open_tab(page, "ot_tab", LIST_TAB))["Mã hồ sơ"]) == ["D"]
    assert page.selectbox(key="ot_procedure").value == "1.000002"
    # clicking a field narrows the procedure table to it and forgets the chosen procedure
    open_tab(page, "ot_tab", FIELDS_TAB)
    click_row(page, "ot_fields", list(table(page, "ot_fields")["Lĩnh vực"]).index("Hộ tịch"))
    assert list(table(page, "ot_procedures")["Mã TTHC"]) == ["1.000001"]
    open_tab(page, "ot_tab", LIST_TAB)
    procedure = page.selectbox(key="ot_procedure")
    assert not procedure.value and procedure.index == 0 and procedure.options[0] == "— Tất cả thủ tục —"
    assert list(dossier_table(page)["Mã hồ sơ"]) == ["B", "D"]


def test_early_warning_for_october(page):
    # The data reaches 03/11 (L ended then), so October is whole: the warning is as at the end of
    # Saturday 31/10 (definitions: rule 58), two working days ahead: to the end of Tuesday 03/11. Pending
    # then and due by then: J (31/10, the end of the day), L (01/11); K (31/10 12:00) is already
    # overdue at the end of 31/10, E (05/11) is later, F overdue.
    open_tab(page, "ot_tab", WARNING_TAB)
    assert any("31/10/2026" in c.value and "03/11/2026" in c.value for c in page.caption)
    per_unit = table(page, "ot_warn_units")
    assert sorted(per_unit["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(per_unit["Số hồ sơ"]) == ["1", "1"]
    assert list(warning_table(page)["Mã hồ sơ"]) == ["J", "L"]
    assert shown_metrics(page)["Hồ sơ sắp đến hạn"] == "2"


def test_early_warning_follows_the_period_end(page):
    # As at the end of Wednesday 14/10, two working days run to the end of Friday 16/10:
    # only F (due 15/10) is pending and falls due.
    open_tab(page, "ot_tab", WARNING_TAB)
    choose_range(page, dt.date(2026, 10, 1), dt.date(2026, 10, 14))
    assert any("14/10/2026" in c.value and "16/10/2026" in c.value for c in page.caption)
    assert list(warning_table(page)["Mã hồ sơ"]) == ["F"]
    assert list(table(page, "ot_warn_units")["Đơn vị"]) == ["UBND xã An Bình"]
    # as at 16/10 (to 20/10) F is overdue and nothing else is pending with a due date by then
    choose_range(page, dt.date(2026, 10, 1), dt.date(2026, 10, 16))
    assert "ot_warn_units" not in [d.key for d in page.dataframe]  # neither warning table
    assert not [d for d in page.dataframe if "Hẹn trả" in d.value.columns and "Thư xin lỗi" not in d.value.columns]
    assert any("Không có hồ sơ nào sắp đến hạn" in s.value for s in page.success)


def test_an_empty_period_says_so(page):
    choose_range(page, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert "Không có hồ sơ nào trong kỳ" in page.info[0].value
    assert not page.metric and not page.dataframe and not page.get("plotly_chart")


def test_a_scope_without_due_dates_shows_dashes(page):
    pick(page, "unit_kind", "Xã, phường, đặc khu")  # U2 resolved only H, which has no due date
    shown = shown_metrics(page)
    assert shown[LABELS_VI["on_time_rate"]] == "—" and shown[LABELS_VI["apology_rate"]] == "—"
    assert shown[LABELS_VI["progress_rate"]] == "66,67%"  # E L within, F overdue: 2 / 3


def test_english_switch(page):
    open_tab(page, "ot_tab", LIST_TAB)
    page.session_state["ot_tab"] = 3  # what the tab's click remembers (AppTest does not call it back)
    # in English the same tab stays open (one run: a second English run trips AppTest, test_one_language)
    page.sidebar.radio(key="lang").set_value("en").run()
    assert not page.exception
    shown = shown_metrics(page)
    assert shown[LABELS_EN["on_time_rate"]] == "50.00%" and shown[LABELS_EN["progress_rate"]] == "55.56%"
    assert (shown["Pending, within deadline"], shown["Pending, overdue"]) == ("3", "2")
    assert page.title[0].value == "Dossier processing on time"
    assert page.expander[0].label == "How it is computed"
    assert list(table(page, "ot_units")["Unit"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(dossier_table(page)["Apology"]) == ["Yes", "No"]


def test_every_table_can_be_downloaded(page):
    # units, fields, procedures, dossiers, early warning: CSV and Excel each, in the tab that shows it
    tables = {UNITS_TAB: 1, FIELDS_TAB: 1 + 2, LIST_TAB: 1 + 1, WARNING_TAB: 1 + 1}  # the units' always
    for tab, n in tables.items():
        labels = [b.label for b in open_tab(page, "ot_tab", tab).get("download_button")]
        assert labels.count("Tải CSV") == n and labels.count("Tải Excel") == n, tab


def test_only_the_open_tab_runs(page):
    """The tabs reading their own data run when opened (st.tabs with on_change="rerun"); the units and
    the counts by state, drawn from the page's figures, are always there."""
    def keys():
        return {d.key for d in page.dataframe if d.key}

    assert "ot_units" in keys() and not keys() & {"ot_fields", "ot_procedures", "ot_warn_units"}
    assert not [d for d in page.dataframe if "Thư xin lỗi" in d.value.columns]  # no dossier list yet
    open_tab(page, "ot_tab", FIELDS_TAB)
    assert {"ot_units", "ot_fields", "ot_procedures"} <= keys() and "ot_warn_units" not in keys()
    open_tab(page, "ot_tab", WARNING_TAB)
    assert {"ot_units", "ot_warn_units"} <= keys() and not keys() & {"ot_fields", "ot_procedures"}
