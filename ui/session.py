"""The warehouse as a page sees it: made ready once per server (with the demo on a first
start), one read-only connection per script run, a writer for imports and accounts, and the
engine's answers cached until the data changes.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager

import streamlit as st

import queries
import warehouse
from ui.text import md_escape, tr


@st.cache_resource(show_spinner="Đang chuẩn bị dữ liệu… / Preparing data…")
def _prepare(path: str, may_create: bool) -> str:
    """Once per server and path: check the file, and only when it is new or empty create,
    migrate and fill it with the demo. A warehouse that is ready is not opened for writing, so
    the dashboards work on a read-only disk."""
    from sample_data.load import ensure_demo

    if warehouse.check_file(path, create=may_create).exists():
        with warehouse.session(path, read_only=True) as con:  # migrates first if the schema is old
            filled, stored = not warehouse.is_empty(con), warehouse.macros_stored(con)
        if filled:
            if not stored:  # every later script run opens the file ~40 ms faster (warehouse.MACROS_META)
                warehouse.store_macros(path)
            return path
    with warehouse.session(path, create=may_create) as con:
        ensure_demo(con)
    return path


def prepare() -> str:
    """The warehouse's path, made ready. Only the default path is created on a first start: a
    CCHC_DB naming a file that does not exist is a typo (WarehouseError), not a new province."""
    path = _prepare(str(warehouse.db_path()), may_create=not os.environ.get(warehouse.ENV_VAR))
    _filled.add(path)
    return path


# Warehouses this server has seen holding data: no demo to make, so no first start.
_filled: set[str] = set()


def first_start() -> bool:
    """This run must make the demo province (a new default warehouse, or an empty one made by
    `cli.py --create`), which takes a while: app.py draws the navigation before. A CCHC_DB naming
    a missing file is a typo, reported by `prepare`, never a first start."""
    path = warehouse.db_path()
    if str(path) in _filled:
        return False
    if not path.exists():
        return not os.environ.get(warehouse.ENV_VAR)
    with warehouse.session(path, read_only=True) as con:  # migrates first if the schema is old
        empty = warehouse.is_empty(con)
    if not empty:
        _filled.add(str(path))
    return empty


def show_warehouse_error(e: "warehouse.WarehouseError") -> None:
    """The database cannot be used: say what is wrong and what to do, in the chosen language,
    instead of Streamlit's generic error page."""
    st.error(md_escape(tr(e.message_vi, e.message_en)), icon="🛑")
    st.stop()


_run = threading.local()


@contextmanager
def run_session():
    """One read-only connection for a whole script run, opened when first needed and closed at
    the end of the run: the file stays free between runs for imports from the command line."""
    _run.con = None
    try:
        yield
    finally:
        queries.forget_answers()
        if _run.con is not None:
            _run.con.close()
        del _run.con


@contextmanager
def reader():
    """The run's read-only connection, or (outside a run) a short session of its own."""
    if hasattr(_run, "con"):
        if _run.con is None:
            _run.con = warehouse.connect(prepare(), read_only=True)
            queries.keep_answers(_run.con)  # read-only for the whole run: the same query, the same answer
        yield _run.con
    else:
        with warehouse.session(prepare(), read_only=True) as con:
            yield con


@contextmanager
def writer():
    """A read-write session for imports, undo and accounts. DuckDB cannot hold one file both
    read-only and read-write in one process: the run's read-only connection is closed first
    (the next read reopens it), and other sessions' short reads are waited for."""
    if getattr(_run, "con", None) is not None:
        _run.con.close()
        _run.con = None
    with warehouse.session(prepare()) as con:
        yield con


def refresh_version() -> int:
    """Read the data version once per script run; every cached query is keyed by it."""
    with reader() as con:
        st.session_state["_data_version"] = warehouse.data_version(con)
        st.session_state["_is_demo"] = warehouse.is_demo(con)
    return st.session_state["_data_version"]


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: int, name: str, args: tuple, kwargs: tuple, _fn=None):
    """One metric-engine function's result for one database file and data version (`name`, the
    function's qualified name, is the key; the function itself is not hashed)."""
    with reader() as con:
        return _fn(con, *args, **dict(kwargs))


def query(fn, *args, **kwargs):
    """`fn(con, *args, **kwargs)` for an engine function (`ui.query(queries.kpis, start, end)`),
    cached until the data changes."""
    version = st.session_state.get("_data_version")
    if version is None:
        version = refresh_version()
    return _cached(prepare(), version, f"{fn.__module__}.{fn.__qualname__}", args, tuple(sorted(kwargs.items())),
                   _fn=fn)


def clear_caches(answers_only: bool = False) -> None:
    """Forget cached answers (and, unless `answers_only`, the prepared warehouses): the benchmark
    measures every query of a page, and a new database from a clean start."""
    _cached.clear()
    if not answers_only:
        _prepare.clear()
        _filled.clear()


def is_demo() -> bool:
    return bool(st.session_state.get("_is_demo"))
