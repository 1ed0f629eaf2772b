"""QĐ 766 as a judgement (issue 14, item 2): groups with different maxima read as % of maximum and
points lost, most lost first, each with its change against the previous period in the page's
number format; one sentence names the group that costs most."""
from __future__ import annotations

import json

import pytest

import formatting as fmt
from queries.scores import GROUP_LABELS, GROUP_MAX
from tests.conftest import ROOT, cli


@pytest.fixture(scope="module")
def page766(demo_db):
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["CCHC_DB"] = str(demo_db)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["period"] = "month:2026-10"
        at.run()
        at.switch_page("pages/portal766.py").run()
        assert not at.exception, at.exception
    finally:
        del os.environ["CCHC_DB"]
    return at


def province_groups(db, period: str) -> dict:
    out = json.loads(cli("--db", db, "scores", "--scheme", "portal766", "--period", period, "--kind", "department",
                         "--json").stdout)
    return out["province"]["groups"]


def test_groups_are_listed_by_points_lost_with_share_and_change(page766, demo_db):
    now, before = province_groups(demo_db, "2026-10"), province_groups(demo_db, "2026-09")
    table = [d.value for d in page766.dataframe if "Điểm bị mất" in d.value.columns and "% điểm tối đa" in d.value.columns]
    assert len(table) == 1
    table = table[0]
    order = sorted((g for g in now if now[g] is not None), key=lambda g: GROUP_MAX[g] - now[g], reverse=True)
    assert len(order) >= 5  # the loops below check something
    assert list(table.iloc[:, 0]) == [GROUP_LABELS[g][0] for g in order]
    assert list(table["Điểm bị mất"]) == [fmt.number(GROUP_MAX[g] - now[g], 2) for g in order]
    assert list(table["% điểm tối đa"]) == [fmt.percent(100 * now[g] / GROUP_MAX[g]) for g in order]
    for g, shown in zip(order, table["So kỳ trước"]):
        d = round(now[g] - before[g], 2)
        assert shown == ("+" if d > 0 else "-" if d < 0 else "±") + fmt.number(abs(d), 2) + " điểm"
        assert "." not in shown  # a Vietnamese decimal comma, never "0.62"
    # every group card carries the same change, and a fall reads as a fall: Streamlit takes a card's
    # arrow and colour from a leading ASCII '-' (a U+2212 minus was drawn as a green rise)
    cards = {m.label: m for m in page766.metric}
    falls = 0
    for g in order:
        d = round(now[g] - before[g], 2)
        card = cards[GROUP_LABELS[g][0]]
        assert card.delta == ("+" if d > 0 else "-" if d < 0 else "±") + fmt.number(abs(d), 2) + " điểm", g
        falls += d < 0
    assert falls  # the demo has groups that fell, so the check above looked at one


def test_one_sentence_names_the_group_that_costs_most(page766, demo_db):
    now = province_groups(demo_db, "2026-10")
    worst = max((g for g in now if now[g] is not None), key=lambda g: GROUP_MAX[g] - now[g])
    sentence = [m.value for m in page766.markdown if m.value.startswith("Nhóm mất nhiều điểm nhất")]
    assert sentence and GROUP_LABELS[worst][0] in sentence[0]
