"""One language at a time (issue 14, item 9): every page, drawn over the demo province in Vietnamese
and in English, shows no words of the other language. The English pages show no Vietnamese letter
except in data names (units, procedures, fields, provinces: read from the database, never listed
here); the Vietnamese pages show none of the English words and phrases of `ENGLISH`, no raw column
name (`import_id`) and no date a chart would spell in English ("May 2026").

What is read: every string of every element the run drew (titles, Markdown, captions, alerts, metric
labels, values and help, widget labels, options, placeholders and help, tabs, expanders, buttons),
the navigation's page names, table headers and cells, and the plotly specs' titles, axis titles, tick
texts, trace names, hover templates, texts and annotations, with the date axes' formats.
"""
from __future__ import annotations

import json
import re
import unicodedata

import pytest
from google.protobuf.message import Message

import warehouse
from tests.conftest import registered, sso_user

PAGES = ["overview", "on_time", "online", "digitization", "par_index", "portal766", "institutional_map",
         "national", "scorecard", "data_quality", "briefing", "present", "upload", "admin", "account"]
# proto fields that are not read by a person (ids, keys, URLs, styles, the chart spec read apart)
SKIP_FIELDS = {"id", "form_id", "key", "spec", "url", "icon", "theme", "type", "arrow_data", "data", "selection_mode",
               "formatted_value_en", "css_class", "sticky", "column_order", "columns", "editing_mode",
               "page_script_hash", "page", "default", "format", "mime", "file_id", "color", "background_color",
               "width", "height", "element_hash", "config", "use_container_width", "column_config", "step",
               "script_hash", "tooltip", "body_html", "html", "src",
               "json"}  # the map's deck.gl spec: field names and numbers; its tooltip is built from data


# ---- what a run shows --------------------------------------------------------------------------

def _proto_strings(msg: Message, where: str, out: list) -> None:
    for field, value in msg.ListFields():
        if field.name in SKIP_FIELDS:
            continue
        values = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") and not isinstance(value, (str, bytes)) else [value]
        for v in values:
            if isinstance(v, Message):
                _proto_strings(v, where, out)
            elif isinstance(v, str) and v.strip():
                out.append((f"{where}.{field.name}", v))


def _chart_strings(spec: dict, where: str, out: list, dates: list) -> None:
    def text(v):
        if isinstance(v, dict):
            return text(v.get("text"))
        return v if isinstance(v, str) else None

    layout = spec.get("layout", {})
    for name, axis in layout.items():
        if not isinstance(axis, dict):
            continue
        t = text(axis.get("title"))
        if t:
            out.append((f"{where}.{name}.title", t))
        for tick in axis.get("ticktext") or []:
            if isinstance(tick, str):
                out.append((f"{where}.{name}.ticktext", tick))
        if name.startswith(("xaxis", "yaxis")):
            dates.append((name, axis))
    t = text(layout.get("title"))
    if t:
        out.append((f"{where}.title", t))
    for a in layout.get("annotations") or []:
        if isinstance(a.get("text"), str):
            out.append((f"{where}.annotation", a["text"]))
    for trace in spec.get("data", []):
        for k in ("name", "hovertemplate", "texttemplate", "text", "hovertext", "customdata", "x", "y", "labels"):
            v = trace.get(k)
            vs = v if isinstance(v, list) else [v]
            for item in vs:
                for s in (item if isinstance(item, list) else [item]):
                    if isinstance(s, str) and s.strip() and not re.fullmatch(r"[\d\-: T.]+", s):
                        out.append((f"{where}.trace.{k}", s))
        colorbar = (trace.get("colorbar") or (trace.get("marker") or {}).get("colorbar") or {})
        t = text(colorbar.get("title"))
        if t:
            out.append((f"{where}.colorbar", t))


def _date_axes(spec: dict) -> list[str]:
    """Axes that plotly would label with its own (English) month names: a date axis (declared,
    or holding ISO dates) without tick texts or a numeric tick format."""
    layout = spec.get("layout", {})
    dated = set()
    for trace in spec.get("data", []):
        for axis_letter in ("x", "y"):
            values = trace.get(axis_letter)
            if isinstance(values, list) and values and all(
                    isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?([ T][\d:.]+)?", v) for v in values):
                ref = trace.get(f"{axis_letter}axis", axis_letter)
                dated.add(ref.replace(axis_letter, f"{axis_letter}axis", 1))
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and axis.get("type") == "date":
            dated.add(name)
    spelled = []
    for name in dated:
        axis = layout.get(name, {}) or {}
        if axis.get("type") == "category" or axis.get("ticktext"):
            continue
        fmt = axis.get("tickformat") or ""
        hover = axis.get("hoverformat") or ""
        if not fmt or re.search(r"%[bBaA]", fmt) or not hover or re.search(r"%[bBaA]", hover):
            spelled.append(name)
    return spelled


ENGLISH_DATES = "(a date axis: plotly would spell its months in English)"


def shown(at) -> list[tuple[str, str]]:
    """(where, text) for everything the run drew, main area and sidebar."""
    out: list = []
    dated: list = []

    def visit(node, depth=0):
        kind = getattr(node, "type", type(node).__name__)
        proto = getattr(node, "proto", None)
        if kind == "dataframe":
            frame = node.value
            out.extend((f"table {node.key or ''}.column", str(c)) for c in frame.columns)
            for col in frame.columns:
                out.extend((f"table {node.key or ''}[{col}]", v) for v in frame[col] if isinstance(v, str))
        elif kind == "plotly_chart" and proto is not None:
            spec = json.loads(proto.spec)
            where = f"chart {proto.id[-24:]}"
            _chart_strings(spec, where, out, dated)
            out.extend((f"{where}.{axis}", ENGLISH_DATES) for axis in _date_axes(spec))
        if isinstance(proto, Message) and kind != "plotly_chart":
            _proto_strings(proto, kind, out)
        for child in getattr(node, "children", {}).values():
            visit(child, depth + 1)

    visit(at._tree)
    out.extend(("navigation", str(name)) for name in registered(at))
    return out


# ---- Vietnamese text on English pages ------------------------------------------------------------

# after NFD: the vowel marks (breve, circumflex, horn), the five tone marks and đ
VIETNAMESE = re.compile("[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")


# the language switch, in both languages by design
LANGUAGE_SWITCH = {"Ngôn ngữ / Language", "Tiếng Việt"}
# the decision's own name in either language ("QĐ 766", Decision 766/QĐ-TTg)
ALLOWED_VI = {"QĐ"}


def vietnamese_letters(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if VIETNAMESE.search(unicodedata.normalize("NFD", w))]


NAME_COLUMNS = re.compile(r"(.*_)?(name|field|file|username|display_name|source)$")


@pytest.fixture(scope="module")
def data_names(demo_db) -> list[str]:
    """The names the data gives (units, procedures, fields, provinces, files, people): shown as
    written in every language. Every text column of the database called `…name`, `field`, `file`,
    except the PAR criteria's and areas' names (the product names those in English, labels.py),
    and the provinces' names of the outlines. Longest first, so that a name goes before a shorter
    one inside it."""
    import geo

    # the signed-in person's name (the token's), and the archipelagos' own names, which the map's
    # caption gives in Vietnamese in both languages (Hoàng Sa, Trường Sa: no table holds them)
    names = {sso_user("staff")["name"], "Hoàng Sa", "Trường Sa"}
    with warehouse.session(demo_db, read_only=True) as con:
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                              "WHERE data_type = 'VARCHAR' AND table_schema = 'main'").fetchall()
        for table, column in columns:
            if NAME_COLUMNS.fullmatch(column) and column not in ("criterion_name", "area_name"):
                names |= {r[0] for r in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall() if r[0]}
    for era in ("2025", "63"):
        for p in geo.provinces(era):
            names |= {p["name"], p["full_name"]}
    # a name without its first word (a tile of the map says "Tư pháp" for "Sở Tư pháp")
    names |= {n.split(" ", 1)[1] for n in names if " " in n and len(n.split(" ", 1)[1]) > 3}
    return sorted(names, key=len, reverse=True)


def without_names(text: str, names: list[str]) -> str:
    """The text without data names and quotations («Địa phận tỉnh», a file's own title; «File must
    be 200.0MB or smaller», Streamlit's own message): what the dashboard itself says. A chart's
    line breaks inside a name are spaces again."""
    text = re.sub(r"«[^»]*»", " ", re.sub(r"<[^>]+>", " ", text.replace("<br>", " ")))
    text = re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")  # Markdown escapes (ui.md_escape)
    text = " ".join(text.split())
    for n in names:
        if n in text:
            text = text.replace(n, " ")
    return text


# ---- English text on Vietnamese pages ------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
          "December", "May", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ENGLISH = [
    "Choose an option", "Choose options", "No options to select", "No results", "Whole province", "center",
    "centre", "Rank", "Unit", "Units", "Target", "Targets", "Period", "Month", "Quarter", "Year", "Change",
    "Score", "Scores", "Total", "Points", "Rate", "Share", "Dossier", "Dossiers", "Procedure", "Procedures",
    "Received", "Resolved", "Pending", "Overdue", "On time", "On-time", "Late", "Online", "Payment", "Digitized",
    "Digitization", "Status", "Met", "Near", "Below", "Grade", "Index", "Criterion", "Area", "Group", "Lost",
    "Province", "Provinces", "Department", "Departments", "Commune", "Communes", "District", "Download",
    "Upload", "File", "Files", "Import", "Imports", "Rows", "Rejected", "Warning", "Warnings", "Error", "Date",
    "Name", "Code", "Value", "Values", "Previous", "Trend", "Average", "Excellent", "Good", "Fair", "Weak",
    "Overview", "Briefing", "Presentation", "Settings", "Account", "Sign in", "Sign out", "Password", "User",
    "Users", "Role", "Source", "Sources", "Mapping", "Undo", "Show", "Hide", "All", "None", "Other", "Lowest",
    "Highest", "Best", "Worst", "Self-assessed", "Appraised", "Max", "Maximum", "of", "the", "and", "per",
    "with", "by", "from", "since", "last", "this", "days", "day", "units", "dossiers", "received",
    "resolved", "points", "score", "target", "province", "whole", "data", "quality", "missing", "unknown",
    "Yes", "True", "False", "nan", "NaN", "None", "null", "system", "Avg", *MONTHS,
]
# not English on a Vietnamese page: abbreviations and product names the province itself uses
ALLOWED_EN = {"PAR", "CSV", "PPT", "XLS", "GSO", "Excel", "XLSX", "PDF", "PNG", "SVG", "JSON", "SSO", "QĐ", "ID", "OK", "Email", "email",
              "URL", "PowerPoint", "PPTX", "KPI", "UTC", "iGate", "OpenCPS", "Okabe", "Ito"}
ENGLISH_WORD = re.compile(r"(?<![\w/.@-])(" + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True))
                          + r")(?![\w/.@-])")
SNAKE = re.compile(r"(?<![\w/.`])[a-z]+(?:_[a-z0-9]+)+(?![\w/.`])")  # import_id, rows_read


def english_words(text: str) -> list[str]:
    found = [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED_EN]
    found += SNAKE.findall(text)
    return found


# ---- the renders -----------------------------------------------------------------------------------

def _render(db, page: str, lang: str, role: str, state: dict | None = None):
    import os

    os.environ["CCHC_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, SSO

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["auth"] = SSO
    at.user = sso_user(role)
    at.query_params["period"] = "month:2026-10"
    if lang == "en":
        at.query_params["lang"] = "en"
    for key, value in (state or {}).items():  # a tab chosen before the run (LAZY_TABS)
        at.session_state[key] = value
    # one run, straight to the page: a second run would have AppTest format the English options'
    # values with the test thread's language (Vietnamese) and fail to find them
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


GLOSSARY_LINE = "Viết tắt: "
# capitals that are no abbreviation a leader needs explained: units, a licence, a date's pattern
NOT_ABBREVIATIONS = {"MB", "CC", "BY", "SA", "SHA", "YYYY", "MM", "DD", "UTF", "BOM", "HTML", "SQL", "OIDC", "EVERY",
                     "SELECT"}


def unexplained_abbreviations(at, names: list[str]) -> list[str]:
    """Abbreviations of labels.GLOSSARY that the page's own words use (data names aside) and
    that its glossary line (ui.glossary) does not explain."""
    from labels import GLOSSARY, abbreviations_in

    used, explained = set(), set()
    for where, text in shown(at):
        plain = without_names(text, names)
        if GLOSSARY_LINE in plain:  # its own line, or the header's line beside the period
            glossary = plain[plain.index(GLOSSARY_LINE):]
            explained |= {a for a, (vi, _en) in GLOSSARY.items() if f"{a} – {vi}" in glossary}
            used |= set(abbreviations_in(plain[:plain.index(GLOSSARY_LINE)]))
        elif where != "navigation" and not where.endswith((".srcdoc", ".placeholder")):
            used |= set(abbreviations_in(plain))
            # any other abbreviation (capitals, outside a command line's `code`) must join the glossary
            words = re.sub(r"`[^`]*`", " ", plain)
            used |= {f"{w} (not in labels.GLOSSARY)" for w in re.findall(r"(?<![\w/.#-])[A-ZĐ]{2,6}(?![\w/.-])", words)
                     if w not in GLOSSARY and w not in ALLOWED_EN and w not in NOT_ABBREVIATIONS}
    return sorted(used - explained)


def untipped_cards(at) -> list[str]:
    """Metric cards (ui.kpi_card) whose label uses an abbreviation that their tooltip does not
    spell out ("Tỷ lệ DVC toàn trình…" → "DVC: dịch vụ công")."""
    from labels import GLOSSARY, abbreviations_in

    return [m.label for m in at.metric if m.help is not None
            and any(f"{a}: {GLOSSARY[a][0]}" not in m.help for a in abbreviations_in(m.label))]


def _check(at, lang: str, names: list[str]) -> list[str]:
    bad = []
    for where, text in shown(at):
        if lang == "en" and text == ENGLISH_DATES:
            continue  # plotly's month names are English: right on an English page
        if lang == "en":
            if where.startswith("radio") and text in LANGUAGE_SWITCH:
                continue  # the switch names each language in its own words
            words = [w for w in vietnamese_letters(without_names(text, names)) if w not in ALLOWED_VI]
        elif where.endswith(".srcdoc"):
            continue  # the presentation's HTML page: its style and script are English by nature
        elif text == ENGLISH_DATES:
            words = [text]
        else:
            words = english_words(without_names(text, names))
        if words:
            bad.append(f"{where}: {sorted(set(words))} in {text[:160]!r}")
    return sorted(set(bad))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_one_language(demo_db, data_names, page, lang):
    at = _render(demo_db, page, lang, "admin")
    bad = _check(at, lang, data_names)
    assert not bad, f"{page} ({lang}): " + "\n".join(bad)
    if lang == "vi":
        missing = unexplained_abbreviations(at, data_names)
        assert not missing, f"{page}: abbreviations shown without the glossary line (ui.glossary): {missing}"
        assert not untipped_cards(at), f"{page}: cards whose tooltip does not explain their abbreviations"


# Tabs that run only when open (pages/on_time.py, pages/online.py): a page's first run does not draw
# them, so each is read here on its own, in both languages.
LAZY_TABS = {  # page: (key, [(place, (Vietnamese label, English label))])
    "on_time": ("ot_tab", [(2, ("Theo lĩnh vực, thủ tục", "By field and procedure")),
                           (3, ("Danh sách hồ sơ", "Dossier list")), (4, ("Cảnh báo sớm", "Early warning"))]),
    "online": ("online_tab", [(2, ("TTHC trực tuyến chưa có hồ sơ", "Online procedures without online dossiers")),
                              (3, ("Theo lĩnh vực và thủ tục", "By field and procedure"))]),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page, key, tab", [(p, k, tab) for p, (k, tabs) in LAZY_TABS.items() for tab in tabs],
                         ids=lambda v: v[1][0] if isinstance(v, tuple) else str(v))
def test_every_tab_opened_speaks_one_language(demo_db, data_names, page, key, tab, lang):
    place, labels = tab
    label = labels[0] if lang == "vi" else labels[1]
    at = _render(demo_db, page, lang, "admin", state={key: place})  # ui.detail_tabs opens it by its place
    opened = [t for t in at.tabs if t.label == label]
    assert opened and opened[0].children, f"{page}: the tab {label!r} did not run"
    bad = _check(at, lang, data_names)
    assert not bad, f"{page} / {label} ({lang}): " + "\n".join(bad)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_viewer_reads_one_language_too(demo_db, data_names, lang):
    # a viewer's pages differ where staff are shown the command lines and the upload links
    for page in ("overview", "par_index", "briefing"):
        at = _render(demo_db, page, lang, "viewer")
        bad = _check(at, lang, data_names)
        assert not bad, f"{page} ({lang}, viewer): " + "\n".join(bad)


def test_every_selectbox_says_choose_in_the_page_language():
    """Streamlit's own placeholder ("Choose an option", shown when a selectbox has no value, e.g.
    after going back) is English: every selectbox and multiselect passes its own."""
    import ast

    from tests.conftest import ROOT

    missing = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("selectbox", "multiselect")
                    and not any(k.arg == "placeholder" for k in node.keywords)):
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing


def test_every_keyed_choice_is_retold_when_the_language_changes():
    """A keyed selectbox, radio or multiselect whose options are shown through a format_func
    registers its key with ui.worded: otherwise, after a language switch, the browser goes on
    showing the chosen option in the old language (tests/test_browser.py shows it in chromium).
    An unkeyed one becomes a new widget in the new words by itself."""
    import ast

    from tests.conftest import ROOT

    missing = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("selectbox", "radio", "multiselect", "pills", "segmented_control")):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            if "format_func" not in kw or "key" not in kw:
                continue
            key = kw["key"]
            if isinstance(key, ast.Constant) and key.value == "lang":
                continue  # the switch itself: each language named in its own words
            if not (isinstance(key, ast.Call) and getattr(key.func, "attr", getattr(key.func, "id", "")) == "worded"):
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing


def test_the_glossary_explains_every_abbreviation_in_both_languages():
    from labels import GLOSSARY

    for abbreviation, (vi, en) in GLOSSARY.items():
        assert abbreviation.isupper() and vi and en and not vietnamese_letters(en), abbreviation


# ---- the detectors themselves: what they must catch and what they must let through ------------------

def test_the_checks_catch_what_the_issue_found():
    # plotly's own month names on the 766 trend ("May 2026"): x values that are ISO months
    spec = {"data": [{"type": "scatter", "x": ["2026-05", "2026-06"], "y": [1, 2]}], "layout": {"xaxis": {}}}
    assert _date_axes(spec) == ["xaxis"]
    spec["data"][0]["x"] = ["Tháng 05/2026", "Tháng 06/2026"]
    assert _date_axes(spec) == []
    assert english_words("Choose an option") and english_words("Whole province") and english_words("center")
    assert english_words("import_id") and english_words("rows_read") and english_words("May 2026")
    assert not english_words("Tỷ lệ giải quyết đúng hạn 98,23% · Chỉ số CCHC (PAR) · tệp CSV, Excel")
    assert vietnamese_letters("Xuất sắc") and vietnamese_letters("Khá") and vietnamese_letters("Cải cách thể chế")
    assert not vietnamese_letters("In October 2026, the whole province received 1,234 dossiers")
    assert without_names("«Địa phận tỉnh», Sở Tư pháp\\.", ["Sở Tư pháp"]).strip(" ,.") == ""


def test_the_english_summary_reads_naturally():
    from queries import periods
    from reports.narrative import period_summary

    now = {"received": 1200, "resolved": 1100, "on_time_rate": 97.5}
    text = period_summary(periods.month(2026, 10), "Whole province", now, {"on_time_rate": 97.0}, [], lang="en")
    assert text.startswith("In October 2026, the whole province received 1,200 dossiers"), text
    text = period_summary(periods.month(2026, 10), "Communes", now, {}, [], lang="en")
    assert text.startswith("In October 2026, communes received"), text


def test_par_grades_are_listed_best_first(demo_db):
    from queries.scores import DEFAULT_BANDS, GRADE_EN

    for lang, names in (("vi", [g for _, g in DEFAULT_BANDS]), ("en", [GRADE_EN[g] for _, g in DEFAULT_BANDS])):
        at = _render(demo_db, "par_index", lang, "viewer")
        line = next(m.value for m in at.markdown if m.value.startswith("**") and "**: " in m.value)
        shown_grades = re.findall(r"\*\*([^*]+)\*\*: \d+", line)
        assert shown_grades and shown_grades == [g for g in names if g in shown_grades], line


def _render_view(db, page: str, lang: str, view: dict):
    import os

    os.environ["CCHC_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, SSO

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["auth"] = SSO
    at.user = sso_user("viewer")
    at.query_params.update({**view, **({"lang": "en"} if lang == "en" else {})})
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_unit_chosen_reads_one_language(demo_db, data_names, lang):
    """A unit chosen (its name is data, the rest is the page's): the pages that change with it."""
    with warehouse.session(demo_db, read_only=True) as con:
        unit = con.execute("SELECT unit_code FROM units WHERE kind = 'commune' AND successor_code IS NULL "
                           "ORDER BY unit_code LIMIT 1").fetchone()[0]
    for page in ("overview", "on_time", "scorecard", "par_index"):
        at = _render_view(demo_db, page, lang, {"period": "month:2026-10", "unit": unit})
        bad = _check(at, lang, data_names)
        assert not bad, f"{page} ({lang}, unit {unit}): " + "\n".join(bad)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_other_periods_and_kinds_read_one_language(demo_db, data_names, lang):
    """A quarter of communes, and a month before the 2025 restructuring (the old outlines)."""
    for view, pages in (({"period": "quarter:2026-Q3", "kind": "commune"}, ("overview", "on_time", "briefing")),
                        ({"period": "month:2025-05"}, ("institutional_map", "digitization"))):
        for page in pages:
            bad = _check(_render_view(demo_db, page, lang, view), lang, data_names)
            assert not bad, f"{page} ({lang}, {view}): " + "\n".join(bad)


def test_table_headers_explain_their_abbreviations(demo_db):
    """A clickable unit table (ui.selectable_table) explains an abbreviated header in its tooltip."""
    from labels import GLOSSARY, abbreviations_in

    at = _render(demo_db, "digitization", "vi", "viewer")
    config = json.loads(at.dataframe(key="digitization_ranking").proto.columns)
    abbreviated = [c for c in config if abbreviations_in(c)]
    assert {"Số hóa HS (%)", "Số hóa KQ (%)", "Thanh toán TT (%)"} <= set(abbreviated)
    for column in abbreviated:
        assert all(f"{a}: {GLOSSARY[a][0]}" in config[column]["help"] for a in abbreviations_in(column)), column
