"""Words for leaders (issue 14, item 8): command lines belong to staff and administrators. A
viewer reads where the data comes from in words on every page; staff see the command that fills
an empty page or schedules the briefing; the demo banner points only to pages its reader can open."""
from __future__ import annotations

import pytest

from tests.conftest import run_app, sso_user

READABLE = ["overview", "on_time", "online", "digitization", "par_index", "portal766", "institutional_map",
            "national", "scorecard", "data_quality", "briefing"]


def shown_text(at) -> str:
    """Every piece of text the run drew (main area and sidebar), as one string."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(m.help or "") for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("page", READABLE)
def test_a_viewer_never_sees_a_command_line(db_copy, page):
    at = run_app(db_copy, sso_user("viewer"), sso=True, page=page)
    text = shown_text(at)
    assert text.strip()  # the page drew something to read
    assert "cli.py" not in text, page


def test_staff_see_the_command_that_schedules_the_briefing(db_copy):
    at = run_app(db_copy, sso_user("staff"), sso=True, page="briefing")
    assert "python cli.py briefing" in shown_text(at)
    viewer = run_app(db_copy, sso_user("viewer"), sso=True, page="briefing")
    assert "python cli.py briefing" not in shown_text(viewer)


def test_an_empty_score_page_says_where_scores_come_from_and_staff_also_get_the_command(db_copy):
    import warehouse

    with warehouse.session(db_copy) as con:  # no PAR scores at all
        con.execute("DELETE FROM par_scores")
    viewer = shown_text(run_app(db_copy, sso_user("viewer"), sso=True, page="par_index"))
    staff = shown_text(run_app(db_copy, sso_user("staff"), sso=True, page="par_index"))
    assert "bảng điểm" in viewer and "cli.py" not in viewer
    assert "python cli.py import FILE --kind par" in staff


def test_the_demo_banner_points_viewers_to_no_page_they_cannot_open(tmp_path, monkeypatch):
    import warehouse

    db = tmp_path / "demo.duckdb"
    warehouse.connect(db).close()  # the app's first start fills it with the demo
    monkeypatch.setenv("CCHC_DB", str(db))
    run_app(db)  # the first start loads the demo
    viewer = [i.value for i in run_app(db, sso_user("viewer"), sso=True).info if "Dữ liệu mẫu" in i.value]
    staff = [i.value for i in run_app(db, sso_user("staff"), sso=True).info if "Dữ liệu mẫu" in i.value]
    assert viewer and staff
    assert "Tải dữ liệu" not in viewer[0] and "cli.py" not in viewer[0]
    assert "Tải dữ liệu" in staff[0] and "cli.py" not in staff[0]
