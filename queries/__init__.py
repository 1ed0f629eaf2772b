"""The metric engine: run the `.sql` files beside this module with bound parameters.

Pages and the CLI both call these functions, so a figure on screen is the figure
`cli.py kpis` prints. Every function takes an open DuckDB connection and returns plain data
(a DataFrame or a dict); none of them formats anything for display.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
import warnings
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import metrics, periods
from .metrics import LOWER_IS_BETTER, SCOPE_ONLY
from .imports import headline_by_month, import_history_with_undo, rejected_rows_table  # noqa: F401

if TYPE_CHECKING:  # pandas costs ~1 s to import: the CLI's kpis and import never need it
    import pandas as pd
    import pyarrow as pa

SQL_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def sql(name: str, metric: str | None = None) -> str:
    """The text of `queries/<name>.sql`; where it has /*METRIC_VALUE*/ and /*METRIC_ORDER*/, the
    SQL of `metric` (one of metrics.METRICS: a name we chose, never a value from outside) and its
    best-first order. Values always reach the SQL as bound parameters."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    if metric is not None and (metric not in metrics.METRICS or metric in SCOPE_ONLY):
        raise ValueError(metric)
    value = metrics.rate_sql(metric) if metric else "NULL"
    order = "ASC" if metric in LOWER_IS_BETTER else "DESC"
    return text.replace("/*METRIC_VALUE*/", value).replace("/*METRIC_ORDER*/", order)


# The whole province (no kind, no unit) needs no scope: a query that sums units away reads
# recorded_counts directly instead of period_counts, whose scope macros (the registry's tree, the
# 2025 successors) DuckDB would bind for nothing (procedure_and_field_counts at 10 M: 101 → 72 ms).
# The rows are the same: period_counts only maps recorded units to today's before they are summed.
SCOPED_COUNTS, PROVINCE_COUNTS = "period_counts($start, $end, $kind, $unit)", "recorded_counts($start, $end)"


@lru_cache(maxsize=None)
def _province_sql(name: str, metric: str | None) -> str | None:
    """`sql(name, metric)` for the whole province, or None when it has no scoped counts to skip."""
    text = sql(name, metric)
    return text.replace(SCOPED_COUNTS, PROVINCE_COUNTS) if SCOPED_COUNTS in text else None


# Query files over small tables only (the registry, the import log, the per-unit rollups: a few
# thousand rows a month at 10 M dossiers) run with DuckDB's optimizer off: it spent longer planning
# them than they took to run. Measured at 10 M dossiers, each pair in the same run: board.sql for the
# overview's 16 months 39 → 31 ms on a new connection (as a page's first query), 33 → 24 ms warm
# (with its partial-day branches left out, below: without the optimizer, DuckDB reads the daily
# table even for a join that cannot match); the unit registry 1.8 → 1.6 ms, the import history
# 2.0 → 1.2 ms (the targets, the catalogue's totals, units to review: no gain, so not listed; each
# listed file costs two statements more, 0.3 ms). The rows are the same (tests/test_engine.py). Never
# a file that reads the dossiers or the procedure-level rollups: their plans need the optimizer (the
# dossier list 63 ms → 2.3 s without).
PLANNED_LIGHTLY = frozenset({"board", "units_registry", "import_history", "import_history_with_undo"})

# The branches that read the days of partial months (between these two markers, in board.sql,
# procedure_totals.sql and engine.sql's recorded_counts): left out when every period is whole months
# (the days they would read are none: engine.sql, partial_days). Even with the optimizer, a new
# connection paid for the empty joins (10 M dossiers, the same run: procedure_totals.sql for the
# online page's three months 20 → 14 ms, the by-field and by-procedure counts of a month 41 → 32 ms).
PARTIAL_DAYS = re.compile(r"/\*PARTIAL_DAYS\*/.*?/\*END_PARTIAL_DAYS\*/", re.DOTALL)
# engine.sql's macros that have such branches, and the names of their whole-month copies
WHOLE_MONTH_MACROS = {"recorded_counts": "recorded_whole_months", "period_counts": "period_whole_months"}


def _for_whole_months(text: str) -> str:
    """`text` without its partial-day branches, calling the whole-month copies of the macros."""
    text = PARTIAL_DAYS.sub("", text)
    for name, whole in WHOLE_MONTH_MACROS.items():
        text = text.replace(f"{name}(", f"{whole}(")
    return text


@lru_cache(maxsize=None)
def engine_sql() -> str:
    """engine.sql's macros, then recorded_counts and period_counts again as *_whole_months: the same
    text without their partial-day branches (one definition; the copies are made here)."""
    text = sql("engine")
    copies = []
    for part in text.split("CREATE OR REPLACE TEMP MACRO ")[1:]:
        name = part.split("(", 1)[0]
        if name in WHOLE_MONTH_MACROS:
            body = part[:part.index(";") + 1]  # the macro's statement (no ";" inside it)
            copies.append("CREATE OR REPLACE TEMP MACRO " + _for_whole_months(body))
    return text + "\n" + "\n\n".join(copies) + "\n"


@lru_cache(maxsize=None)
def _text(name: str, metric: str | None, province: bool, whole_months: bool) -> str:
    """`sql(name, metric)` for the whole province (no scope macros) and/or for periods of whole months."""
    text = _province_sql(name, metric) if province else sql(name, metric)
    if whole_months:
        text = _for_whole_months(text)
    return text


def _run(con, name: str, params: dict, metric: str | None, fetch):
    """`fetch(cursor)` of one query file run on `con` with its parameters bound (without the optimizer
    when it is one of PLANNED_LIGHTLY, the optimizer back on afterwards)."""
    text, bound = statement(name, params, metric)
    if name not in PLANNED_LIGHTLY:
        return fetch(con.execute(text, bound))
    con.execute("SET SESSION enable_optimizer = false")
    try:
        return fetch(con.execute(text, bound))  # fetched before the reset: a statement ends the last one's result
    finally:
        con.execute("RESET SESSION enable_optimizer")


def statement(name: str, params: dict, metric: str | None) -> tuple[str, dict]:
    """The SQL to run and the parameters it takes."""
    province = False
    if params.get("kind") is None and params.get("unit") is None and "kind" in params:
        text = _province_sql(name, metric)
        province = text is not None and "$kind" not in text and "$unit" not in text
    if "periods" in params:
        whole = all(periods.whole_months(p["p_start"], p["p_end"]) for p in params["periods"])
    else:
        whole = periods.whole_months(params.get("start"), params.get("end"))
    bound = {k: v for k, v in params.items() if k not in ("kind", "unit")} if province else params
    return _text(name, metric, province, whole), bound


_memo = threading.local()
warnings.filterwarnings("ignore", "Arrow output on a DB-API result", UserWarning)  # see arrow()


def keep_answers(con) -> None:
    """From now on, a query file run again on `con` with the same parameters gives its first answer.

    Only for a read-only connection, where the data cannot change: a page asks for the same
    counts several times (a KPI card, the ranking, the by-field and by-procedure tables), and
    at 10 M dossiers each asking costs tens of milliseconds. Per thread (Streamlit runs each
    session's script on its own thread) and per connection (a writer in the same run is not
    affected). `forget_answers` ends it."""
    _memo.con, _memo.tables = con, {}


def forget_answers() -> None:
    _memo.con, _memo.tables = None, None


def _kept(con) -> dict | None:
    return _memo.tables if getattr(_memo, "con", None) is con else None


def _frozen(value):
    """A parameter as a hashable key: a board's periods are a list of dicts (before, every board was
    run again each time a page asked: the data-quality page ran its month's twice)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def arrow(con, name: str, params: dict | None = None, metric: str | None = None):
    """Run one query file and return its rows as an Arrow table (kept while `keep_answers` holds)."""
    params = params or {}
    tables = _kept(con)
    try:
        key = (name, metric, _frozen(params))
        hash(key)
    except TypeError:  # an unhashable parameter: run it, keep nothing
        tables, key = None, None
    if tables is not None and key in tables:
        return tables[key]
    # execute, not con.sql: DuckDB 2.0's relation API binds a query once to describe it and again
    # to run it, and binding is most of the cost of these queries (board.sql at 10 M dossiers:
    # 82 → 62 ms). The copy it warns about is of a few thousand rows.
    table = _run(con, name, params, metric, lambda cur: cur.to_arrow_table())
    if tables is not None:
        tables[key] = table
    return table


def frame(con, name: str, params: dict | None = None, metric: str | None = None) -> "pd.DataFrame":
    """Run one query file and return a DataFrame (through Arrow: fast for strings)."""
    return arrow(con, name, params, metric).to_pandas()


def records(con, name: str, params: dict | None = None) -> list[dict]:
    """Run one query file and return its rows as dicts (no pandas: for the CLI's hot path)."""
    if _kept(con) is not None:
        return arrow(con, name, params).to_pylist()
    def rows(cur):
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    return _run(con, name, params or {}, None, rows)


def _scope(start: dt.date, end: dt.date, kind: str | None, unit: str | None) -> dict:
    return {"start": start, "end": end, "kind": kind or None, "unit": unit or None}


# Columns of a board row that are not counts or metrics.
BOARD_KEYS = ("label", "unit_code", "unit_name", "kind", "registered", "rankable", "in_scope", "value", "rank")


def _board_counts(table) -> list[str]:
    return [c for c in table.column_names if c not in BOARD_KEYS]


@dataclass
class Board:
    """The figures of several periods for one scope, from one query over the per-unit tables:
    `rows` per period label and unit (counts, metrics, rank by the board's metric), `totals` per
    label (every count and metric of the scope: what `kpis` gives)."""
    table: "pa.Table"  # board.sql's rows as the query gave them
    totals: dict

    @cached_property
    def rows(self) -> "pd.DataFrame":
        """`table` with zeros for the counts a unit had none of and every row's metrics, as a
        DataFrame: made when first asked (`kpis` reads only the totals: ~5 of its ~22 ms at 1 M dossiers)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        table = self.table
        counts = _board_counts(table)
        for c in counts:  # in Arrow: no float detour in pandas
            table = table.set_column(table.schema.get_field_index(c), c, pc.fill_null(table[c], 0).cast("int64"))
        # every row's metrics from the same arrays (no nulls left: numpy reads them without a copy)
        for name, values in metrics.rate_arrays(
                {c: table[c].to_numpy() for c in metrics.RATE_INPUTS if c in counts}).items():
            table = table.append_column(name, pa.array(values))
        return table.to_pandas()

    def __getstate__(self) -> dict:
        """Pickled with its DataFrame made and without the table it came from: st.cache_data keeps a
        page's board pickled and unpickles it on every rerun (rows made again each time: 3 ms)."""
        return {"table": None, "totals": self.totals, "rows": self.rows}

    def units(self, label: str) -> "pd.DataFrame":
        """The period's rows for the units in scope (no label, flags or rank columns)."""
        rows = self.rows[(self.rows["label"] == label) & self.rows["in_scope"]]
        return rows.drop(columns=["label", "rankable", "in_scope", "value", "rank"]).reset_index(drop=True)

    def ranking(self, label: str, previous: str | None = None, scoped: bool = False) -> "pd.DataFrame":
        """The period's units ranked by the board's metric, best first (ranks among all units of the
        board's kind), with the rank in period `previous` and the change (positive: moved up); with
        `scoped`, only the units in the board's scope."""
        rows = self.rows[(self.rows["label"] == label) & self.rows["rankable"]]
        if scoped:
            rows = rows[rows["in_scope"]]
        ranked = rows.drop(columns=["label", "rankable", "in_scope"]).reset_index(drop=True)
        before = self.rows[(self.rows["label"] == previous) & self.rows["rankable"]]
        ranked["previous_rank"] = ranked["unit_code"].map(dict(zip(before["unit_code"], before["rank"])))
        for col in ("rank", "previous_rank"):  # whole places, or none (not 2.0 / NaN)
            ranked[col] = ranked[col].astype("Int64")
        ranked["rank_change"] = ranked["previous_rank"] - ranked["rank"]
        return ranked

    def ranking_by_kind(self, metric: str, label: str, previous: str | None = None, scoped: bool = False,
                        min_volume: int = metrics.MIN_VOLUME) -> "pd.DataFrame":
        """`ranking` as the pages show it (rule 77): each unit ranked among the units of its own kind
        with at least `min_volume` dossiers behind `metric` — `rank` (1 = best, ties share a rank) out
        of `of`, none below the volume (2 of 2 is not "best") — and the rank in `previous` counted the
        same way, with the change (positive: moved up). Every unit stays in the frame, ranked or not."""
        ranked = self.ranking(label, previous, scoped)

        def ranks(lbl: str) -> tuple[dict, dict]:
            rows = self.rows[(self.rows["label"] == lbl) & self.rows["rankable"] & self.rows["kind"].notna()]
            rows = rows[(_volume(rows, metric) >= min_volume) & rows[metric].notna()]
            by_kind = rows.groupby("kind")[metric]
            rank = by_kind.rank(method="min", ascending=metric in metrics.LOWER_IS_BETTER)
            return dict(zip(rows["unit_code"], rank)), dict(zip(rows["unit_code"], by_kind.transform("size")))

        now_rank, now_of = ranks(label)
        before_rank, _ = ranks(previous) if previous else ({}, {})
        ranked["rank"] = ranked["unit_code"].map(now_rank).astype("Int64")
        ranked["of"] = ranked["unit_code"].map(now_of).astype("Int64")
        ranked["previous_rank"] = ranked["unit_code"].map(before_rank).astype("Int64")
        ranked["rank_change"] = ranked["previous_rank"] - ranked["rank"]
        return ranked

    def standing(self, metric: str, now: str, before: str, months: list[str],
                 min_volume: int = metrics.MIN_VOLUME) -> "pd.DataFrame":
        """Where each unit in scope stands on `metric` among the units of its own kind: its value in
        period `now` and `before`, the change in points, its values over `months` (oldest first),
        and its rank (1 = best, ties share a rank) out of `of`. Only units with at least `min_volume`
        dossiers behind the figure (the metric's denominator) are ranked: 2 of 2 is not "best"."""
        import pandas as pd

        rows = self.rows[self.rows["in_scope"] & self.rows["rankable"] & self.rows["kind"].notna()]
        cur = rows[rows["label"] == now].copy()
        cur["volume"] = _volume(cur, metric)
        cur = cur[(cur["volume"] >= min_volume) & cur[metric].notna()]
        earlier = rows[rows["label"] == before]
        # as float whatever it maps (no rows at all would leave the codes' string type)
        cur["previous"] = cur["unit_code"].map(dict(zip(earlier["unit_code"], earlier[metric]))).astype("float64")
        cur["change"] = (cur[metric] - cur["previous"]).round(2)
        history = (rows[rows["label"].isin(months)]
                   .pivot_table(index="unit_code", columns="label", values=metric, aggfunc="first")
                   .reindex(columns=months))
        cur["trend"] = [[None if pd.isna(v) else float(v) for v in history.loc[c]] if c in history.index else []
                        for c in cur["unit_code"]]
        ascending = metric in metrics.LOWER_IS_BETTER
        cur["rank"] = cur.groupby("kind")[metric].rank(method="min", ascending=ascending).astype("int64")
        cur["of"] = cur.groupby("kind")[metric].transform("size").astype("int64")
        out = cur[["unit_code", "unit_name", "kind", metric, "previous", "change", "trend", "rank", "of", "volume"]]
        return out.rename(columns={metric: "value"}).sort_values(["kind", "rank", "unit_name"]).reset_index(drop=True)

    def trend(self, labels: dict) -> "pd.DataFrame":
        """{month: label} → one row per month with the scope's counts and metrics."""
        import pandas as pd

        return pd.DataFrame([{"month": month, **self.totals[label]} for month, label in labels.items()])


def _volume(rows: "pd.DataFrame", metric: str) -> "pd.Series":
    """The dossiers behind each row's `metric` (its denominator's counts; resolved for durations)."""
    behind = list(metrics.RATES[metric][1]) if metric in metrics.RATES else ["resolved"]
    return rows[behind].sum(axis=1)


def trend_periods(start: dt.date, end: dt.date) -> dict:
    """{"month:YYYY-MM-01": (first day, last day)}: each calendar month of [start, end], cut to it."""
    return {f"month:{m.isoformat()}": (max(m, start), min(periods.month(m.year, m.month).end, end))
            for m in periods.months(start, end)}


def _periods_param(periods: dict) -> list[dict]:
    return [{"label": label, "p_start": s, "p_end": e} for label, (s, e) in periods.items()]


def board(con, periods: dict, kind: str | None = None, unit: str | None = None, metric: str | None = None,
          distinct: tuple | None = None) -> Board:
    """`periods` {label: (start, end)}: every count and metric of each, per unit of `kind` and for
    the scope (`kind`, `unit`), in one query; units ranked by `metric` among all units of the kind.
    `distinct`: the labels whose distinct procedures are counted (None: all). Those counts do not
    add up, so they take a second query that grows with the periods; a page whose trend shows no
    procedure share asks them for its cards only, and the other labels' totals have neither those
    counts nor the shares made from them (never a zero that was not counted). `distinct=()`, for
    what shows no procedure share at all: neither that query nor the catalogue's runs (a quarter
    of a page's query time at 10 M dossiers), and no total has those counts or shares."""
    params = {"periods": _periods_param(periods), "kind": kind or None, "unit": unit or None}
    # kept like a query file's answer (keep_answers): the data-quality page's counts and its silent
    # units ask the same board, and its rows and totals were worked out twice (5 ms at 10 M dossiers).
    # Callers read a Board; none changes it.
    kept, key = _kept(con), ("board()", _frozen(params), metric, _frozen(distinct))
    if kept is not None and key in kept:
        return kept[key]
    table = arrow(con, "board", params, metric)
    counts = _board_counts(table)
    # the scope's counts of every period, summed in Arrow (a unit with nothing in a period has no
    # counts, which the sum skips; a period with no row in scope: zeros, below)
    summed_rows = table.filter(table["in_scope"]).group_by("label").aggregate([(c, "sum") for c in counts])
    sums = {r["label"]: r for r in summed_rows.to_pylist()}
    counted = periods if distinct is None else {label: periods[label] for label in distinct}
    procedures = {r["label"]: r for r in records(con, "procedure_totals",
                                                 {**params, "periods": _periods_param(counted)})} if counted else {}
    catalogue = records(con, "catalogue_totals")[0] if counted else {}
    totals = {}
    for label in periods:
        summed = {c: int(sums.get(label, {}).get(f"{c}_sum") or 0) for c in counts}
        if label in counted:
            summed.update({k: int(procedures.get(label, {}).get(k) or 0)
                           for k in ("procedures_received", "procedures_full_online")})
        summed.update({k: int(v) for k, v in catalogue.items()})
        totals[label] = {**summed, **metrics.rates(summed)}
    answer = Board(table=table, totals=totals)
    if kept is not None:
        kept[key] = answer
    return answer


def unit_counts(con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None) -> "pd.DataFrame":
    """Every count and metric per unit for the period (one row per unit in scope)."""
    return board(con, {"period": (start, end)}, kind, unit, distinct=()).units("period")  # rows: no shares


def silent_units(con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None) -> "pd.DataFrame":
    """Registered departments, communes and centres in the scope that received no dossier in the
    period (unit_code, unit_name, kind): the data-quality page's "sent nothing"."""
    units = unit_counts(con, start, end, kind=kind, unit=unit)
    silent = units[units["registered"] & (units["received"] == 0)
                   & units["kind"].isin(["department", "commune", "center"])]
    return silent[["unit_code", "unit_name", "kind"]].reset_index(drop=True)


def kpis(con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None,
         shares: bool = True) -> dict:
    """Every metric (docs/definitions.md, "Metrics") and its counts for one scope and period;
    `shares=False`: without the procedure shares and the counts behind them (two queries fewer)."""
    return board(con, {"period": (start, end)}, kind, unit, distinct=None if shares else ()).totals["period"]


def ranking(
    con, metric: str, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None,
    previous: tuple[dt.date, dt.date] | None = None,
) -> "pd.DataFrame":
    """Units ordered best first by `metric`, with value, counts and rank among all units of the
    kind (1 = best, ties share a rank); with `previous`, the rank then and the change. With a
    unit, only the units it covers (their ranks still among all)."""
    if metric not in metrics.METRICS or metric in SCOPE_ONLY:
        raise ValueError(f"Không xếp hạng được theo chỉ số / cannot rank by: {metric}")
    periods_ = {"now": (start, end), **({"before": previous} if previous else {})}
    # rows only: no procedure shares to count (distinct=())
    return board(con, periods_, kind, unit, metric, distinct=()).ranking(
        "now", "before" if previous else None, scoped=unit is not None)


def monthly_trend(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Counts and metrics per calendar month (pending as at each month's end, or at `end`)."""
    spans = trend_periods(start, end)
    return board(con, spans, kind, unit).trend({dt.date.fromisoformat(label[6:]): label for label in spans})


def data_bounds(con) -> tuple[dt.date | None, dt.date | None]:
    """The first day with any dossier event and the last day a dossier was received."""
    row = con.execute("SELECT min(day), max(day) FILTER (WHERE received > 0) FROM unit_day_counts").fetchall()[0]
    return row[0], row[1]


def data_end(con) -> dt.date | None:
    """The last day the data covers: the latest day any dossier was received or ended. Periods
    are counted "as of" the end of this day when they run past it (periods.Period.as_of)."""
    return con.execute("SELECT max(day) FILTER (WHERE received > 0 OR resolved > 0) FROM unit_day_counts"
                       ).fetchall()[0][0]


def units(con) -> "pd.DataFrame":
    """The unit registry."""
    return frame(con, "units_registry")


def targets(con, year: int) -> "pd.DataFrame":
    """Targets for a year (all scopes)."""
    return frame(con, "targets_for_year", {"year": year})


def _unknown_recorded(con) -> dict:
    """{"units": bool, "procedures": bool}: whether any recorded code is missing from the registry,
    the catalogue. The lists below scan every dossier; with nothing to list, a bound FALSE lets
    DuckDB skip that scan (most months, once a province's registry is complete)."""
    return records(con, "unknown_codes_recorded")[0]


def unknown_units(con) -> "pd.DataFrame":
    """Units named by dossiers that the registry does not hold."""
    return frame(con, "unknown_units", {"any_recorded": _unknown_recorded(con)["units"]})


def unknown_procedures(con) -> "pd.DataFrame":
    """Procedures named by dossiers that the catalogue does not hold."""
    return frame(con, "unknown_procedures", {"any_recorded": _unknown_recorded(con)["procedures"]})


def import_history(con, limit: int = 50) -> "pd.DataFrame":
    """The most recent imports, newest first."""
    return frame(con, "import_history", {"limit": limit})


def rejected_rows(con, import_id: int) -> "pd.DataFrame":
    """The rows one import rejected, with row number, column and reason."""
    return frame(con, "rejected_rows_of_import", {"import_id": import_id})


PROCEDURE_ONLY = ["procedure_code", "procedure_name", "catalogue_level", "catalogued"]


def _counts_at(con, level: str, start: dt.date, end: dt.date, kind: str | None, unit: str | None) -> "pd.DataFrame":
    """One level of procedure_and_field_counts.sql: a page that shows both tables runs it once (the
    run's read-only connection keeps its answers), reading the period's counts one time, not two."""
    rows = frame(con, "procedure_and_field_counts", _scope(start, end, kind, unit))
    rows = rows[rows["level"] == level].drop(columns=["level"] + (PROCEDURE_ONLY if level == "field" else []))
    if level == "procedure":
        rows = rows.astype({"catalogued": bool})  # the field rows' NULLs are gone: a flag again
    return metrics.add_rates(rows.reset_index(drop=True))


def procedure_counts(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Counts and metrics per procedure (with its name and field) for a scope and period."""
    return _counts_at(con, "procedure", start, end, kind, unit)


def field_counts(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Counts and metrics per field (lĩnh vực): the procedures' counts summed, then rated."""
    return _counts_at(con, "field", start, end, kind, unit)


DOSSIER_STATES = ("received", "resolved", "on_time", "late", "pending", "within", "overdue")


def dossier_list(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None,
    procedure: str | None = None, field: str | None = None, state: str | None = None, limit: int = 5000,
) -> "pd.DataFrame":
    """The dossiers behind a figure (received, resolved or pending in the period), newest first."""
    if state is not None and state not in DOSSIER_STATES:
        raise ValueError(state)
    params = _scope(start, end, kind, unit) | {"procedure": procedure, "field": field, "state": state, "limit": limit}
    return frame(con, "dossier_list", params)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The date n working days (Monday–Friday) after `day`; public holidays are not known here."""
    d = day
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def due_soon(
    con, as_of: dt.date, working_days: int = 2, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Dossiers pending at the end of `as_of` that fall due within `working_days` working days."""
    return frame(con, "due_soon", _due_params(as_of, working_days, kind, unit))


def due_soon_by_unit(
    con, as_of: dt.date, working_days: int = 2, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """The same dossiers counted per unit (unit_code, unit_name, dossiers, first_due: the list is in
    deadline order), most first. From the list itself (the run keeps it: the page shows both), not a
    second pass over the dossiers."""
    listed = due_soon(con, as_of, working_days, kind, unit)
    listed = listed.assign(unit_name=listed["unit_name"].fillna(listed["unit_code"]))
    per_unit = (listed.groupby("unit_code", as_index=False, dropna=False, sort=False)
                .agg(unit_name=("unit_name", "first"), dossiers=("dossier_code", "size"), first_due=("due_at", "first")))
    return per_unit.sort_values(["dossiers", "unit_name", "unit_code"], ascending=[False, True, True],
                                na_position="last", ignore_index=True)


def _due_params(as_of: dt.date, working_days: int, kind: str | None, unit: str | None) -> dict:
    return {"as_of": as_of, "until": add_working_days(as_of, working_days), "kind": kind, "unit": unit}


def online_procedures_without_online_dossiers(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Procedures offered online that received no online dossier in the period."""
    return frame(con, "online_procedures_without_online_dossiers", _scope(start, end, kind, unit))


def rejections_by_import(con) -> "pd.DataFrame":
    """Rejected rows per import and reason."""
    return frame(con, "rejections_by_import")


def with_targets(ranked: "pd.DataFrame", year_targets: "pd.DataFrame", metric: str) -> "pd.DataFrame":
    """A ranking with each unit's target (its own, else its kind's, else the province's) and its
    status: met, near or below."""
    import pandas as pd

    out = ranked.copy()
    out["target"] = pd.Series(metrics.targets_for(year_targets, metric, out["unit_code"], out["kind"]),
                              index=out.index, dtype="float64")
    out["status"] = [metrics.target_status(v, t, metric) for v, t in zip(out[metric], out["target"])]
    return out


def target_gaps(ranked: "pd.DataFrame", year_targets: "pd.DataFrame", gap_metrics: tuple[str, ...],
                status_metric: str) -> "pd.DataFrame":
    """A ranking with, for each of `gap_metrics`, each unit's target (`<m>_target`: its own, else its
    kind's, else the province's) and the points short of it (`<m>_gap` = target − rate, 2 decimals,
    negative when passed); `status` against `status_metric`'s target; and `largest_gap`, the most a
    unit is short of any of them (the digitization page sorts "furthest from target" by it)."""
    import pandas as pd

    out = ranked.copy()
    for metric in gap_metrics:
        out[f"{metric}_target"] = pd.Series(metrics.targets_for(year_targets, metric, out["unit_code"], out["kind"]),
                                            index=out.index, dtype="float64")
        out[f"{metric}_gap"] = (out[f"{metric}_target"] - out[metric].astype("float64")).round(2)
    out["status"] = [metrics.target_status(v, t, status_metric)
                     for v, t in zip(out[status_metric], out[f"{status_metric}_target"])]
    out["largest_gap"] = out[[f"{m}_gap" for m in gap_metrics]].max(axis=1)
    return out


def furthest_from_target(gaps: "pd.DataFrame") -> "pd.DataFrame":
    """The units of `target_gaps` short of at least one target, the furthest short first."""
    short = gaps[gaps["largest_gap"] > 0]
    return short.sort_values(["largest_gap", "unit_code"], ascending=[False, True])


def ranking_with_targets(
    con, metric: str, start: dt.date, end: dt.date, previous: tuple[dt.date, dt.date], kind: str | None = None,
    unit: str | None = None,
) -> "pd.DataFrame":
    """`ranking` with the previous period's rank and each unit's target for the year and its
    status (met/near/below). Ranks are always among all units of the kind; with a unit chosen,
    the frame keeps that unit and the units under it, with those ranks."""
    ranked = ranking(con, metric, start, end, kind=kind, unit=unit, previous=previous)
    return with_targets(ranked, targets(con, end.year), metric)


# ---- the 2025 restructuring and scores (PAR, QĐ 766) ---------------------------------------

def unit_counts_as_recorded(
    con, start: dt.date, end: dt.date, kind: str | None = None, unit: str | None = None
) -> "pd.DataFrame":
    """Counts and metrics per unit as recorded (merged units not rolled up), for the units that
    existed in the period: the map of a period before the 2025 restructuring."""
    return metrics.add_rates(frame(con, "unit_counts_as_recorded", _scope(start, end, kind, unit)))


def par_index(con, year: int, kind: str | None = None) -> "pd.DataFrame":
    """PAR index per unit for a year, with grade, rank within kind and change against last year."""
    import pandas as pd

    from . import scores

    rows = scores.par(con, year, kind=kind)
    cols = ["unit_code", "unit_name", "kind", "successor_code", "par_index", "self_index", "grade", "rank",
            "previous_index", "change", "max_points", "self_points", "final_points"]
    return pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)


def par_areas(con, year: int) -> "pd.DataFrame":
    """Points per unit and top-level criteria area for a year (over the leaves)."""
    return frame(con, "par_areas", {"year": year})


def par_area_grid(con, year: int, kind: str) -> tuple["pd.DataFrame", dict]:
    """Where units lose points: the share of the maximum each unit of `kind` scored in each
    criteria area (rows in ranking order, areas in number order), and each area's name."""
    ranked = par_index(con, year, kind)
    areas = par_areas(con, year)
    areas = areas[areas["unit_code"].isin(ranked["unit_code"])]
    if areas.empty:
        return areas.iloc[0:0], {}
    areas = areas.assign(share=100 * areas["final_points"] / areas["max_points"].where(areas["max_points"] > 0))
    grid = areas.pivot_table(index="unit_code", columns="area_code", values="share", aggfunc="first")
    grid = grid.reindex([c for c in ranked["unit_code"] if c in grid.index])
    grid = grid[sorted(grid.columns, key=lambda a: int(a) if str(a).isdigit() else 999)]
    return grid, dict(zip(areas["area_code"], areas["area_name"]))


def par_grade_counts(scores: "pd.DataFrame") -> "pd.Series":
    """How many units hold each grade, the best grade first (grades are bands of the index)."""
    order = scores.dropna(subset=["grade"]).groupby("grade")["par_index"].max().sort_values(ascending=False).index
    return scores["grade"].value_counts().reindex(order)


def par_self_gaps(scores: "pd.DataFrame", n: int = 15) -> "pd.DataFrame":
    """The `n` units whose self-assessed index exceeds the appraised one the most (`gap`)."""
    both = scores.dropna(subset=["self_index", "par_index"])
    return both.assign(gap=both["self_index"] - both["par_index"]).sort_values("gap", ascending=False).head(n)


def par_criteria(con, year: int, unit: str | None = None) -> "pd.DataFrame":
    """A unit's criterion tree for a year (every stored row, with the leaves' sums under it), and the
    points shown for each row: its own where the table gives them, else its leaves' sums
    (`max_shown`, `self_shown`, `final_shown`, `lost` = max − final)."""
    tree = frame(con, "par_criteria", {"year": year, "unit": unit})
    tree["max_shown"] = tree["max_points"].fillna(tree["leaf_max"])
    tree["self_shown"] = tree["self_points"].fillna(tree["leaf_self"])
    tree["final_shown"] = tree["final_points"].fillna(tree["leaf_final"])
    tree["lost"] = tree["max_shown"] - tree["final_shown"]
    return tree


def par_years(con) -> list[int]:
    """Years that have PAR scores, newest first."""
    from . import scores

    return scores.par_years(con)


def portal766_periods(con) -> list[tuple[str, list[str]]]:
    """Periods that have QĐ 766 scores, newest first, with their imported groups."""
    from . import scores

    return [(r["period"], list(r["groups"])) for r in scores.portal766_periods(con)]


def portal766_scores(con, period: str, kind: str | None = None) -> "pd.DataFrame":
    """QĐ 766 per unit for a period: a column per imported group, total, rank and group ranks;
    the province's own row has kind 'province' and no rank."""
    import pandas as pd

    from . import scores

    out = scores.portal766(con, period, kind=kind)
    rows = []
    for u in ([out["province"]] if out["province"] else []) + out["units"]:
        row = {k: u.get(k) for k in ("unit_code", "unit_name", "kind", "successor_code", "needs_review", "total",
                                     "max_total", "score_share", "rank")}
        row.update({g: u["groups"].get(g) for g in out["groups"]})
        row.update({f"rank_{g}": (u.get("group_ranks") or {}).get(g) for g in out["groups"]})
        rows.append(row)
    frame_ = pd.DataFrame(rows)
    frame_.attrs["groups"] = out["groups"]
    return frame_


def portal766_ranked(con, period: str, kind: str) -> "pd.DataFrame":
    """The units of `kind` for a QĐ 766 period, best first, with `previous_rank` and `rank_change`
    (places gained) against the imported period just before it."""
    units = portal766_scores(con, period)
    units = units[units["kind"] == kind].sort_values(["rank", "unit_code"], na_position="last")
    units = units.reset_index(drop=True)
    older = _previous_766(con, period)
    before = portal766_scores(con, older) if older else None
    previous = dict(zip(before["unit_code"], before["rank"])) if before is not None else {}
    units["previous_rank"] = [previous.get(c) for c in units["unit_code"]]
    units["rank_change"] = [None if metrics.missing(p) or metrics.missing(r) else int(p) - int(r)
                            for p, r in zip(units["previous_rank"], units["rank"])]
    return units


def _previous_766(con, period: str) -> str | None:
    """The QĐ 766 period imported just before `period` (what its changes are counted against)."""
    older = [p for p, _g in portal766_periods(con) if p < period]  # newest first
    return older[0] if older else None


def portal766_province(con, period: str) -> dict | None:
    """The province's own QĐ 766 row for a period: {'total', 'max_total', 'groups': {g: points},
    'changes': {g: points against the previous imported period or None}, 'lost': [(points lost, g)]
    most lost first}; None when the period has no province row."""
    from .scores import GROUP_MAX, GROUP_ORDER

    def row_of(name):
        frame = portal766_scores(con, name)
        rows = frame[frame["kind"] == "province"]
        return (rows.iloc[0], [g for g in GROUP_ORDER if g in frame.columns]) if len(rows) else (None, [])

    now, groups = row_of(period)
    if now is None:
        return None
    older = _previous_766(con, period)
    before = row_of(older)[0] if older else None
    value = {g: None if metrics.missing(now[g]) else float(now[g]) for g in groups}
    changes = {g: None if value[g] is None or before is None or metrics.missing(before.get(g))
               else round(value[g] - float(before[g]), 2) for g in groups}
    lost = sorted(((GROUP_MAX[g] - v, g) for g, v in value.items() if v is not None), reverse=True)
    return {"total": now["total"], "max_total": now["max_total"], "groups": value, "changes": changes, "lost": lost}


def portal766_pulling_down(units: "pd.DataFrame", group: str, n: int) -> "pd.DataFrame":
    """The `n` units of a ranking that lose the most points in `group` (unit_name, points, lost)."""
    from .scores import GROUP_MAX

    scored = units.dropna(subset=[group])
    out = scored.assign(points=scored[group], lost=GROUP_MAX[group] - scored[group])
    return out.sort_values("lost", ascending=False, kind="stable").head(n)[["unit_code", "unit_name", "points",
                                                                                     "lost"]]


def portal766_group_shares(con, period: str, since: dt.date, unit: str | None = None) -> "pd.DataFrame":
    """Per imported period from `since` up to `period` (oldest first): the province's (or `unit`'s)
    points in each group as a % of the group's maximum."""
    import pandas as pd

    from .scores import GROUP_MAX, GROUP_ORDER

    rows = []
    for name in sorted(p for p, _g in portal766_periods(con) if p <= period and periods.parse(p).start >= since):
        frame = portal766_scores(con, name)
        pick = frame[frame["unit_code"] == unit] if unit else frame[frame["kind"] == "province"]
        if pick.empty:
            continue
        r = pick.iloc[0]
        rows.append({"period": name, **{g: None if pd.isna(r.get(g)) else 100 * r.get(g) / GROUP_MAX[g]
                                        for g in GROUP_ORDER if g in frame.columns}})
    return pd.DataFrame(rows)


def portal766_unit_metrics(con, period: str, unit: str | None = None) -> "pd.DataFrame":
    """The published metrics behind a unit's (or, with no unit, the province's) QĐ 766 groups,
    with each figure's data-quality flag."""
    return frame(con, "portal766_unit_metrics", {"period": period, "unit": unit})


def units_to_review(con) -> "pd.DataFrame":
    """Units added by a score import (unknown code), flagged for review."""
    return frame(con, "units_to_review")
