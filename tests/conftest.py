"""Shared fixtures: real DuckDB files in temporary folders, files written as exports are."""
from __future__ import annotations

import csv
import functools
import io
import os
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from data_loaders import import_file  # noqa: E402

DOSSIER_HEADERS = [
    "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mã đơn vị", "Đơn vị xử lý", "Kênh thực hiện", "Mức độ",
    "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả", "Trạng thái", "Số hóa hồ sơ",
    "Số hóa kết quả", "Tái sử dụng dữ liệu", "Có phí", "Thanh toán trực tuyến", "Xin lỗi",
]


def write_csv(path: Path, rows: list[list], headers=None, encoding="utf-8", delimiter=",", title_lines=(),
              footer_lines=()) -> Path:
    """Write rows the way an export does: optional title lines, a header, rows, footer lines."""
    buf = io.StringIO()
    for line in title_lines:
        buf.write(line + "\n")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if headers is not None:
        w.writerow(headers)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    for line in footer_lines:
        buf.write(line + "\n")
    text = buf.getvalue()
    path.write_bytes(encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters with combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        # keep the letter with its vowel mark (â, ơ …) precomposed, the tone mark combining
        tone = [c for c in parts if c in TONE_MARKS]
        rest = "".join(c for c in parts if c not in TONE_MARKS)
        out += unicodedata.normalize("NFC", rest).encode("cp1258") + "".join(tone).encode("cp1258")
    return bytes(out)


@pytest.fixture
def db(tmp_path):
    """A new, empty warehouse in a real DuckDB file."""
    con = warehouse.connect(tmp_path / "test.duckdb")
    yield con
    con.close()


@pytest.fixture
def do_import(db, tmp_path):
    """Write rows to a CSV and import it: returns the ImportResult."""
    counter = iter(range(10_000))

    def run(rows, headers=DOSSIER_HEADERS, kind=None, strict=False, **csv_args):
        path = write_csv(tmp_path / f"upload_{next(counter)}.csv", rows, headers, **csv_args)
        return import_file(db, path, kind=kind, strict=strict, user="tester")

    return run


def table_rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def snapshot(con) -> dict:
    """Every user table's content: to prove an import changed nothing."""
    out = {}
    for t in ("units", "procedures", "dossiers", "targets", "daily_counts", "month_counts", "month_stock",
              "dossier_history"):
        out[t] = sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
    return out


@pytest.fixture(autouse=True)
def _apptest_uses_navigation(monkeypatch):
    """AppTest re-detects a `pages/` folder before every run and then runs the last page's file
    alone (legacy multipage mode), skipping app.py's sidebar. The real server does so at most
    for the first run, before `st.navigation` switches that mode off; make AppTest match it with
    the app's own switch (ui.sidebar.legacy_pages_off), each time AppTest makes its page manager."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui.sidebar import legacy_pages_off

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        legacy_pages_off()

    monkeypatch.setattr(PagesManager, "__init__", init)



_scan_once = None


@pytest.fixture(autouse=True)
def _apptest_scans_components_once(monkeypatch):
    """Each new AppTest scans the metadata of every installed package for Streamlit components
    (streamlit.components.v2.manifest_scanner: ~1.5 s on this machine, most of what a page's test
    cost); the real server scans once, when it starts. The packages do not change while the tests
    run, so the scan runs once per test process and each AppTest gets its result."""
    import streamlit.components.v2.manifest_scanner as scanner

    global _scan_once
    if _scan_once is None:
        _scan_once = functools.lru_cache(maxsize=None)(scanner.scan_component_manifests)
    monkeypatch.setattr(scanner, "scan_component_manifests", _scan_once)


# ---- the app on the hand-computed province of test_metrics (October 2026) -----------------

@pytest.fixture(scope="session")
def province_db(tmp_path_factory):
    """A database file holding test_metrics' small province, imported through the real CLI."""
    from tests.province import DOSSIERS, PROCEDURES, UNITS

    tmp = tmp_path_factory.mktemp("province")
    db = tmp / "province.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp / "u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị",
                                                                "Mã đơn vị cha", "Mã hành chính"]))
    cli("--db", db, "import", write_csv(tmp / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    cli("--db", db, "import", write_csv(tmp / "d.csv", DOSSIERS, DOSSIER_HEADERS))
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo province with 30,000 dossiers (enough units with ten or more for rankings);
    tests read it and never write."""
    from sample_data.load import load_demo

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with warehouse.session(db) as con:
        load_demo(con, n_dossiers=30_000)
    return db


@pytest.fixture
def app(province_db, monkeypatch):
    """The app run once by AppTest on the province database (default view: October 2026)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_DB", str(province_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at, page: str):
    """Switch the app to `pages/<page>.py` and run it; fails on any exception."""
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def pick(at, key: str, label: str) -> None:
    """Choose a sidebar option by the label a person sees, and rerun."""
    box = at.sidebar.selectbox(key=key)
    box.select_index(box.options.index(label)).run()
    assert not at.exception, at.exception


def open_tab(at, key: str, label: str):
    """Choose tab `label` of the details tabs keyed `key` (ui.detail_tabs) and run, as a person's click
    on it would: a page runs the tabs that read their own data only when open."""
    widgets = [k for k in (f"{key}_vi", f"{key}_en") if k in at.session_state] or [f"{key}_vi"]
    for widget in widgets:
        at.session_state[widget] = label
    return at.run()


def shown_metrics(at) -> dict:
    """{label: value} of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def click_row(at, key: str, row: int):
    """A person clicking row `row` of the selectable table `key`.

    AppTest 1.67 cannot click table rows (Dataframe.set_value raises), and a selection assigned
    through at.session_state does not run the table's on_select callback. So send what the
    browser sends on a click: every widget's current value plus this table's selection as JSON.
    """
    import json

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = at._tree.get_widget_states()
    click = WidgetState(id=at.dataframe(key=key).proto.id,
                        string_value=json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}}))
    states.widgets.append(click)
    at._run(states)
    assert not at.exception, at.exception
    return at


def click_bar(at, key: str, index: int):
    """A person clicking bar `index` of the plotly chart `key` (sent as the browser sends it)."""
    import json

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    states = at._tree.get_widget_states()
    point = {"point_index": index, "point_number": index, "curve_number": 0}
    states.widgets.append(WidgetState(id=chart.proto.id, string_value=json.dumps(
        {"selection": {"points": [point], "point_indices": [index], "box": [], "lasso": []}})))
    at._run(states)
    assert not at.exception, at.exception
    return at


def cli_kpis(db, *args, start="2026-10-01", end="2026-10-31") -> dict:
    """`cli.py kpis --json` for the test province's October (or another range)."""
    import json


    return json.loads(cli("--db", db, "kpis", "--from", start, "--to", end, "--json", *args).stdout)


def table(at, column: str):
    """The one table on the page that has `column`."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def chart_series(at, index: int = 0) -> dict:
    """{trace name: (x, y)} of a plotly chart on the page (numbers decoded from plotly's binary form)."""
    import base64
    import json

    import numpy as np

    spec = json.loads(at.get("plotly_chart")[index].proto.spec)

    def values(v):
        if isinstance(v, dict):
            return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
        return list(v)
    return {t["name"]: (list(t["x"]), values(t["y"])) for t in spec["data"]}


# ---- waiting for a condition ---------------------------------------------------------------------

def wait_until(check, timeout: float, what, step: float = 0.1):
    """Look at `check()` until it returns something true, and return that; fail the test, saying
    it waited for `what` (text, or a function giving it), after `timeout` seconds. The only sleep the tests use is this one, the
    pause between two looks at a condition (tests/test_layout.py refuses `time.sleep` in test
    modules): nothing is ever assumed to have happened because time passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what() if callable(what) else what}; last look: {value!r}")
        time.sleep(step)


# ---- a real browser on the served app (Debian's chromium, localhost only) ------------------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

@pytest.fixture
def chromium() -> str:
    """Debian's chromium, which the browser tests drive. tests/run.sh (what CI runs) installs it:
    without it a browser test fails, never skips, so that a CI without a browser cannot pass."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium is not installed ({CHROMIUM}): tests/run.sh installs it")
    return CHROMIUM


# Browser tests mark themselves with this (a test, or a module's `pytestmark`).
needs_chromium = pytest.mark.usefixtures("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served_app(tmp_path_factory):
    """`streamlit run app.py` on a brand-new database: the first start loads the demo province.
    One server per test worker: the tests that use it only read (the demo load is the costly part)."""
    db = tmp_path_factory.mktemp("browser") / "first_start.duckdb"
    warehouse.connect(db).close()  # what `cli.py --create` makes: empty, so the first start loads the demo
    yield from serve_app(db)


def serve_app(db, prefix: list[str] | None = None, env: dict | None = None):
    """`streamlit run serve.py` (the app as deployed) on `db` at a free port on localhost: yields
    (url, db), then stops it. `prefix` runs the server under another command (a read-only mount),
    `env` adds environment variables."""
    port = _free_port()
    env = dict(os.environ, CCHC_DB=str(db), **(env or {}))
    # a file beside the database, not a pipe (a pipe nobody reads stops the server when full):
    # when a browser test fails, the server's traceback is there to read
    log = open(Path(db).with_suffix(".server.log"), "wb")
    proc = subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.headless",
         "true", "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def listening() -> bool:
        assert proc.poll() is None, f"the server stopped (exit {proc.returncode}): see {log.name}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    wait_until(listening, 60, f"the server on port {port} to listen")
    yield url, db
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


# Chromium sends everything but localhost to a proxy that is not there (loopback is never proxied):
# nothing can leave the machine, and the tests see each attempt as a request (the `page` fixture).
# Not Playwright's request routing: routing turns the browser's HTTP cache off, and every page of
# every test then compiled Streamlit's scripts from nothing (measured: ~2.7 CPU-seconds a page).
NO_INTERNET = ["--proxy-server=http://127.0.0.1:9"]


@pytest.fixture(scope="session")
def browser():
    """One chromium per test worker (launching one per module cost a second or two each time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS + NO_INTERNET)
        yield b
        b.close()


@pytest.fixture(scope="module")
def _module_context(browser):
    """The browser context a module's tests share: its cache keeps Streamlit's scripts compiled
    between pages (a new context per test cost ~3 CPU-seconds a page on this machine). Each test
    leaves it without cookies or stored data (the `page` fixture), so no sign-in crosses tests."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    yield context
    context.close()


@pytest.fixture
def page(_module_context):
    """A page that may only reach localhost (anything else fails the test), and no script errors."""
    outside, errors = [], []

    def look(request):
        host = request.url.split("/")[2].split(":")[0] if "://" in request.url else ""
        if request.url.split(":")[0] in ("http", "https", "ws", "wss") and host not in ("127.0.0.1", "localhost"):
            outside.append(request.url)

    pg = _module_context.new_page()
    pg.on("request", look)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    # the next test starts signed out and with nothing stored, as in a new browser
    for p in _module_context.pages:
        try:
            p.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        except Exception:  # noqa: BLE001 - a page on about:blank or already gone has nothing stored
            pass
        p.close()
    _module_context.clear_cookies()
    assert not outside, f"the page tried to reach the internet: {outside[:5]}"
    assert not errors, errors


def settle(pg, timeout: int = 90_000) -> None:
    """Wait until the app's script run has finished: Streamlit marks its root element with the
    run's state. (Right after an action the next run may not have begun: wait first for
    something that action changes, then settle.)"""
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def charts_drawn(pg, timeout: int = 60_000) -> None:
    """Wait until every plotly chart on the page has drawn its plot (plotly keeps the laid-out
    figure on the chart's element once drawn), then for two frames to be painted: a screenshot
    taken after this shows the charts. (A page without charts passes: wait for a chart first
    where there must be one.)"""
    pg.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".every(c => { const p = c.querySelector('.js-plotly-plot');"
        " return p && p._fullLayout && p.querySelector('svg.main-svg'); })",
        timeout=timeout)
    painted(pg)


def painted(pg) -> None:
    """Wait for the browser to paint two more frames (what is laid out now is on the screen)."""
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_map(pg, url):
    """The institutional map of October 2026, opened and drawn: the map's (largest) deck.gl canvas."""
    pg.goto(f"{url}/institutional_map?period=month:2026-10", wait_until="domcontentloaded")
    pg.locator("h1").first.wait_for(timeout=90_000)
    settle(pg)
    canvas = pg.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(timeout=60_000)
    # deck.gl sizes its canvas to the chart once it has drawn (a new canvas is 300 × 150)
    pg.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')]"
        ".some(c => c.getBoundingClientRect().height > 300)", timeout=60_000)
    sizes = pg.evaluate("() => [...document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')]"
                        ".map(c => c.getBoundingClientRect().height)")
    return pg.locator('[data-testid="stDeckGlJsonChart"] canvas').nth(sizes.index(max(sizes)))


def canvas_colours(canvas):
    """The canvas as a person sees it: (screenshot as an RGB image, its [(count, colour)])."""
    from PIL import Image

    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    return shot, shot.getcolors(maxcolors=1 << 20)


def canvas_drawn(canvas, drawn, what: str, timeout: float = 60):
    """Look at the WebGL canvas until `drawn(image, colours)` holds (deck.gl draws its layers over
    several frames, and a WebGL canvas's pixels can only be read from a screenshot); returns the
    image and its colours. Fails, saying `what` was not drawn, after `timeout` seconds."""
    last = {}

    def look():
        last["shot"], last["colours"] = canvas_colours(canvas)
        return drawn(last["shot"], last["colours"])

    wait_until(look, timeout, lambda: f"{what} ({len(last['colours'] or [])} colours on the canvas)", step=0.25)
    return last["shot"], last["colours"]


# ---- a real PostgreSQL server holding a one-stop system's database (tests/pgserver.py) -----------

# The source account's password: Vietnamese, and characters that URLs and messages treat specially.
PG_READER_PASSWORD = "Mật-khẩu:đọc@42/x%"
ONESTOP_DOSSIERS = 50_000


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL cluster per test worker, with a template database `onestop`
    (tests/onestop.py, 50,000 dossiers) and a login `reader` that may only read it. Without the
    server binaries the tests are skipped on a developer's machine and fail in CI (CI=true), where
    tests/run.sh installs Debian's postgresql."""
    from psycopg import sql as psql

    from tests import onestop, pgserver

    if not pgserver.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries not found: tests/run.sh installs Debian's postgresql")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    server = pgserver.PgServer().start()
    try:
        with server.connect() as con:
            con.execute("CREATE DATABASE onestop")
            # a utility statement takes no parameters: the driver quotes the literal
            con.execute(psql.SQL("CREATE ROLE reader LOGIN PASSWORD {}").format(psql.Literal(PG_READER_PASSWORD)))
        with server.connect("onestop") as con:
            onestop.create(con, ONESTOP_DOSSIERS)
            con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
        yield server
    finally:
        server.stop()


@pytest.fixture
def onestop_db(pg_server):
    """A private copy of the one-stop database for one test (CREATE DATABASE … TEMPLATE): its
    name; dropped afterwards."""
    import uuid

    name = f"onestop_{uuid.uuid4().hex[:12]}"
    with pg_server.connect() as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE onestop")
    yield name
    with pg_server.connect() as con:
        con.execute(f"DROP DATABASE {name} WITH (FORCE)")


# ---- shared by many test modules ----------------------------------------------------------------

def cli(*args, check=True):
    """`python cli.py ARGS` as a scheduler runs it; fails the test on a non-zero exit unless `check` is false."""
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def row(code="HS1", received="05/10/2026 08:00", due="10/10/2026", completed="08/10/2026 09:00", status="10",
        unit="U1", proc="1.001612", channel="Trực tuyến", unit_name="Sở Tư pháp", proc_name="Đăng ký khai sinh"):
    """One dossier row under DOSSIER_HEADERS, valid unless told otherwise."""
    return [code, proc, proc_name, "Hộ tịch", unit, unit_name, channel, "", received, due, completed, "", status,
            "Có", "", "", "", "", ""]


def stored(db, code="HS1"):
    """The stored dossier `code` as {column: value}, or None."""
    cols = "dossier_code, procedure_code, procedure_code_raw, unit_code, unit_name, channel, received_at, due_at, " \
           "completed_at, status, digitized, procedure_name"
    rows = db.execute(f"SELECT {cols} FROM dossiers WHERE dossier_code = ?", [code]).fetchall()
    return dict(zip([c.strip() for c in cols.split(",")], rows[0])) if rows else None


@pytest.fixture
def score_db(tmp_path):
    """A warehouse with units, PAR scores for 2024-2025 and QĐ 766 scores for October 2026."""
    from tests.score_files import EVALUATION, PAR_HEADERS, TREE, UNITS, par_rows, write_json

    db = tmp_path / "scores.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    rows = (par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (90, 80)])      # 90.00
            + par_rows(2025, "H12.06", "Sở Y tế", [(4, 4), (6, 5), (90, 81)])        # 90.00 (tie)
            + par_rows(2025, "H12.07", "Sở Xây dựng", [(4, 2), (6, 3), (90, 60)])    # 65.00
            + par_rows(2025, "H12.101", "UBND xã An Bình", [(4, 4), (6, 6), (90, 89)])  # 99.00
            + par_rows(2025, "H12.102", "UBND xã Bình An", [(4, 1), (6, 1), (90, 40)])  # 42.00
            + par_rows(2024, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (90, 70)]))     # 80.00
    out = cli("--db", db, "import", write_csv(tmp_path / "par.csv", rows, PAR_HEADERS)).stdout
    assert "nhập mới 24" in out
    cli("--db", db, "import", write_json(tmp_path / "t.json", TREE), "--period", "2026-10")
    cli("--db", db, "import", write_json(tmp_path / "e.json", EVALUATION), "--period", "2026-10")
    return db


# ---- a read-only disk (test_operations, test_browser_hostile) ----------------------------------

@functools.cache
def can_mount_read_only() -> bool:
    """Whether this process may make a read-only bind mount in a private mount namespace (root in a
    container may do this; file permissions would not stop root)."""
    import shutil

    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,ro,bind /tmp /tmp"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.fixture
def read_only_mounts():
    """Skips the test where no read-only disk can be made (not root, or no `unshare`)."""
    if not can_mount_read_only():
        pytest.skip("needs unshare and mount (root) to make a read-only disk")


# Tests that run something on a read-only disk mark themselves with this.
needs_mount = pytest.mark.usefixtures("read_only_mounts")


def read_only_disk(folder: Path, argv: list[str]) -> list[str]:
    """`argv` run with `folder` mounted read-only."""
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, str(folder), *argv]


# ---- sign-in and the upload page, as AppTest drives them ---------------------------------------

# Streamlit's [auth] secrets for an SSO deployment (nothing is called: AppTest sets st.user).
SSO = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret-not-used"}


@pytest.fixture
def db_copy(province_db, tmp_path, monkeypatch):
    """A private copy of the small province (the tests write accounts and imports into it)."""
    db = tmp_path / "access.duckdb"
    import shutil

    shutil.copy(province_db, db)
    monkeypatch.setenv("CCHC_DB", str(db))
    return db


def run_app(db, user: dict | None = None, sso: bool = False, page: str | None = None) -> "AppTest":  # noqa: F821 (imported below)
    """app.py run by AppTest as `user` (an SSO token's claims), optionally then `page`; fails on any exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if sso:
        at.secrets["auth"] = SSO
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, at.exception
    return at


def sso_user(role: str | None, email: str = "someone@tinh.gov.vn", verified: bool = True) -> dict:
    """What an identity provider's token says about a person (st.user), with `role` claimed."""
    user = {"is_logged_in": True, "email": email, "email_verified": verified, "name": "Nguyễn Văn A",
            "sub": "idp-subject-1"}
    if role:
        user["cchc_role"] = role
    return user


def registered(at) -> list[str]:
    """The page titles the app's navigation registered in the last run (what the sidebar lists)."""
    return [info.get("page_name") for info in at._registered_pages.values()]


# ---- what each role sees ---------------------------------------------------------------------


def csv_bytes(rows, headers=DOSSIER_HEADERS) -> bytes:
    """A CSV file's bytes, as a browser uploads it."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def table_rows_db(db, sql, params=None):
    """The first value of a query on a database file, read-only."""
    with warehouse.session(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()[0][0]
