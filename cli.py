"""Command line for what staff automate and what checks need (README "Everyday use").

    python cli.py import FILE [--kind …] [--period P] [--strict] [--dry-run] [--mapping NAME]
    python cli.py kpis --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--kind KIND] --json
    python cli.py ranking --metric NAME --from … --to … [--kind department|commune] --json
    python cli.py briefing --from … --to … [--kind …] [--unit CODE] [--lang vi|en] --out FILE.pptx|FILE.pdf
    python cli.py scores --scheme par|portal766 --period P [--kind department|commune] --json
    python cli.py user add NAME --role viewer|staff|admin   (asks for the password)
    python cli.py user passwd NAME | list | role NAME ROLE | disable NAME | enable NAME | unlock NAME
    python cli.py setting [NAME [VALUE]]
    python cli.py undo IMPORT_ID [--user NAME]
    python cli.py mapping list | show NAME | rename NAME NEW | delete NAME
    python cli.py mapping add NAME --kind dossiers --map "Cơ quan thụ lý=unit_name" [--ignore "Ghi chú"] [--headers-from FILE]
    python cli.py source add NAME --url URL (--table T | --query SQL | --query-file F) --kind dossiers|units|procedures
                             [--mapping M] [--changed-column C] [--password-env VAR] [--timeout S] [--disabled]
    python cli.py source list | show NAME | remove NAME | enable NAME | disable NAME
    python cli.py pull SOURCE [--since VALUE] [--dry-run] [--progress] [--json]
    python cli.py pull --all                  (every enabled source; one line each; exit 1 if any failed)

Every command takes `--db PATH` (default $CCHC_DB, else data/cchc.duckdb) and works only on an
existing database unless `--create` is given.

Starts fast (schedulers run it): heavy modules are imported inside the command that needs
them, and Streamlit never. Exit 0 on success; otherwise a one-line Vietnamese / English
message on standard error and a non-zero code (1 bad input or refused import, 2 usage).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from contextlib import contextmanager

IMPORT_KINDS = ("dossiers", "units", "procedures", "targets", "par", "portal766")
SOURCE_KINDS = ("dossiers", "units", "procedures")
UNIT_KINDS = ("province", "department", "district", "commune", "center", "other")


class CliError(Exception):
    """A problem the user can fix: printed as one line, exit code 1."""


def _finite(value):
    """NaN and infinity have no JSON spelling: they are printed as null (no value)."""
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def print_json(obj) -> None:
    """One strict JSON document on standard output (what `--json` promises to any parser)."""
    print(json.dumps(_finite(obj), ensure_ascii=False, indent=2, allow_nan=False, default=str))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {text!r} (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="CCHC Dashboard — dòng lệnh / command line")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="nhập một tệp / import one file")
    imp.add_argument("file")
    imp.add_argument("--kind", choices=IMPORT_KINDS)
    imp.add_argument("--period", help="kỳ (YYYY-MM, YYYY-Qn, YYYY), bắt buộc với portal766")
    imp.add_argument("--strict", action="store_true", help="tất cả hoặc không / all or nothing")
    imp.add_argument("--user", help="người nhập (ghi vào nhật ký) / who imports (for the log)")
    imp.add_argument("--mapping", help="cách ghép cột đã lưu / a saved column mapping (cli.py mapping list)")
    imp.add_argument("--dry-run", action="store_true",
                     help="chỉ kiểm tra, không ghi gì / check only, write nothing (the upload page's preview)")
    imp.add_argument("--json", action="store_true")

    for name, helptext in (("kpis", "các chỉ số của một kỳ / every metric for a period"),
                           ("ranking", "xếp hạng đơn vị / rank units")):
        c = sub.add_parser(name, help=helptext)
        c.add_argument("--from", dest="start", type=_date, required=True)
        c.add_argument("--to", dest="end", type=_date, required=True)
        c.add_argument("--kind", choices=UNIT_KINDS)
        c.add_argument("--json", action="store_true")
        if name == "kpis":
            c.add_argument("--unit")
        else:
            c.add_argument("--metric", required=True)
            c.add_argument("--unit", help="chỉ các đơn vị thuộc / only units under this one")

    brief = sub.add_parser("briefing", help="báo cáo PPTX/PDF cho một kỳ / a PPTX or PDF briefing for a period")
    brief.add_argument("--from", dest="start", type=_date, required=True)
    brief.add_argument("--to", dest="end", type=_date, required=True)
    brief.add_argument("--kind", choices=("department", "commune"))
    brief.add_argument("--unit")
    brief.add_argument("--lang", choices=("vi", "en"), default="vi")
    brief.add_argument("--out", required=True, help="tệp .pptx hoặc .pdf / a .pptx or .pdf file")
    sc = sub.add_parser("scores", help="điểm chỉ số CCHC / QĐ 766 / PAR index and QĐ 766 scores")
    sc.add_argument("--scheme", choices=("par", "portal766"), required=True)
    sc.add_argument("--period", required=True, help="par: năm YYYY; portal766: YYYY-MM, YYYY-Qn hoặc YYYY")
    sc.add_argument("--kind", choices=UNIT_KINDS)
    sc.add_argument("--bands", help="xếp loại PAR / PAR grade bands, e.g. \"90:Xuất sắc,80:Tốt,70:Khá,50:Trung bình,0:Yếu\"")
    sc.add_argument("--json", action="store_true")
    usr = sub.add_parser("user", help="tài khoản / accounts")
    usr.add_argument("action", choices=("add", "passwd", "list", "role", "disable", "enable", "unlock"))
    usr.add_argument("name", nargs="?")
    usr.add_argument("new_role", nargs="?", help="vai trò mới (với «role») / new role (with 'role')")
    usr.add_argument("--role", choices=("viewer", "staff", "admin"), default="viewer")
    usr.add_argument("--display-name")
    usr.add_argument("--sso", action="store_true", help="chỉ đăng nhập SSO, không mật khẩu / SSO only, no password")
    usr.add_argument("--json", action="store_true")

    st = sub.add_parser("setting", help="thiết lập / settings")
    st.add_argument("name", nargs="?")
    st.add_argument("value", nargs="?")

    mp = sub.add_parser("mapping", help="cách ghép cột đã lưu / saved column mappings")
    mp.add_argument("action", choices=("list", "show", "add", "rename", "delete"))
    mp.add_argument("name", nargs="?")
    mp.add_argument("new_name", nargs="?", help="tên mới (với «rename») / new name (with 'rename')")
    mp.add_argument("--kind", choices=IMPORT_KINDS[:5], default="dossiers")
    mp.add_argument("--map", action="append", default=[], metavar="TIÊU_ĐỀ=TRƯỜNG",
                    help="một cột: tiêu đề trong tệp = trường (vd. \"Cơ quan thụ lý=unit_name\") / header=field")
    mp.add_argument("--ignore", action="append", default=[], metavar="TIÊU_ĐỀ", help="cột không nhập / not imported")
    mp.add_argument("--headers-from", help="tệp mẫu: tệp cùng tiêu đề sẽ tự dùng cách ghép này / a sample file: "
                                           "files with the same headers use this mapping")
    mp.add_argument("--user", help="người lưu (ghi vào nhật ký) / who saves")
    mp.add_argument("--json", action="store_true")

    src = sub.add_parser("source", help="nguồn dữ liệu: đọc thẳng CSDL hệ thống một cửa / data sources: read the "
                                        "one-stop system's database")
    src.add_argument("action", choices=("add", "list", "show", "remove", "enable", "disable"))
    src.add_argument("name", nargs="?")
    src.add_argument("--url", help="địa chỉ SQLAlchemy, không có mật khẩu / SQLAlchemy URL without the password, e.g. "
                                   "postgresql+psycopg://reader@db.tinh.local/motcua")
    what = src.add_mutually_exclusive_group()
    what.add_argument("--table", help="bảng hoặc view (lược_đồ.bảng) / a table or view (schema.table)")
    what.add_argument("--query", help="một câu SELECT / one SELECT")
    what.add_argument("--query-file", help="tệp chứa câu SELECT / a file holding the SELECT")
    src.add_argument("--kind", choices=SOURCE_KINDS)
    src.add_argument("--mapping", help="cách ghép cột đã lưu / a saved column mapping (cli.py mapping list)")
    src.add_argument("--changed-column", help="cột thời điểm thay đổi: chỉ kéo dòng mới / the 'changed at' column: "
                                              "pull only what changed (otherwise every pull reads everything)")
    src.add_argument("--password-env", help="biến môi trường chứa mật khẩu / environment variable holding the password")
    src.add_argument("--timeout", type=int, default=1800, help="giây / seconds (statement timeout, default 1800)")
    src.add_argument("--disabled", action="store_true", help="không kéo khi chạy pull --all / left out of pull --all")
    src.add_argument("--user", help="người khai báo / who defines it (for the record)")
    src.add_argument("--json", action="store_true")

    pl = sub.add_parser("pull", help="kéo dữ liệu từ nguồn / pull a source")
    pl.add_argument("source", nargs="?")
    pl.add_argument("--all", action="store_true", help="mọi nguồn đang bật / every enabled source")
    pl.add_argument("--since", help="lần này kéo từ mốc này / this run reads from here (ISO date or time, or a number)")
    pl.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì / check only, write nothing")
    pl.add_argument("--progress", action="store_true", help="báo tiến độ ra stderr / progress on standard error")
    pl.add_argument("--user", help="người kéo (ghi vào nhật ký) / who pulls (for the log)")
    pl.add_argument("--json", action="store_true")

    und = sub.add_parser("undo", help="hoàn tác một lần nhập / undo an import")
    und.add_argument("import_id", type=int)
    und.add_argument("--user", help="người hoàn tác (ghi vào nhật ký) / who undoes (for the log)")
    for parser in (p, *sub.choices.values()):  # before or after the command; the command's own wins
        default = None if parser is p else argparse.SUPPRESS
        parser.add_argument("--db", default=default,
                            help="tệp cơ sở dữ liệu / database file (mặc định: data/cchc.duckdb, hoặc $CCHC_DB)")
        parser.add_argument("--create", action="store_true", default=False if parser is p else argparse.SUPPRESS,
                            help="tạo cơ sở dữ liệu mới nếu chưa có / make a new database if there is none")
    return p


def _connect(args, read_only: bool = False):
    """Open the warehouse the command names. A path with no database is refused unless
    `--create` says to make one (a mistyped --db or CCHC_DB must not start an empty warehouse);
    reports open it read-only, so they work on a read-only disk and beside a running import."""
    import warehouse

    try:
        if args.create and not warehouse.db_path(args.db).exists():
            warehouse.connect(args.db, create=True).close()  # made and migrated, then opened as the command needs
        return warehouse.connect(args.db, read_only=read_only, create=False)
    except warehouse.WarehouseError as e:
        raise CliError(str(e)) from None
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise CliError(f"Không mở được cơ sở dữ liệu / cannot open the database: {first}") from e


@contextmanager
def _session(args, read_only: bool = False):
    """`_connect` for the length of a block (the file is released at its end)."""
    con = _connect(args, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def cmd_import(args) -> int:
    from data_loaders import import_file

    con = _connect(args)
    result = import_file(con, args.file, kind=args.kind, strict=args.strict, user=args.user, period=args.period,
                         dry_run=args.dry_run, mapping=args.mapping)
    if args.json:
        print_json(result.as_dict())
    else:
        print(import_report(result))
    if not result.ok:
        print(f"{result.message_vi} / {result.message_en}", file=sys.stderr)
        return 1
    return 0


def import_report(result) -> str:
    """What an import did, or (dry run) would do, in the words of the upload page's preview."""
    from data_loaders.messages import REASON_NAMES

    lines = []
    if result.dry_run:
        lines.append(f"Chạy thử, không ghi gì / dry run, nothing written: {result.file_name}")
    if result.kind:
        lines.append(f"Loại dữ liệu / kind: {result.kind}" + (f" ({result.group}, {result.period})" if result.group else ""))
    if result.mapping_name:
        how = "tự chọn theo tiêu đề / chosen by the headers" if result.mapping_auto else "theo yêu cầu / as asked"
        lines.append(f"Cách ghép cột / column mapping: {result.mapping_name} ({how})")
    if result.column_map:
        lines.append("Cột nhận ra / recognised columns: "
                     + ", ".join(f"{h} → {c}" for h, c in result.column_map.items()))
    if result.unknown_columns:
        lines.append("Cột không nhận ra / unrecognised columns: " + ", ".join(result.unknown_columns))
    if result.ignored_columns:
        lines.append("Cột không nhập (theo cách ghép) / columns left out by the mapping: "
                     + ", ".join(result.ignored_columns))
    lines += [result.summary("vi"), result.summary("en")]
    for reason, n in result.rejected_by_reason.items():
        vi, en = REASON_NAMES.get(reason, (reason, reason))
        lines.append(f"  {reason}: {n} ({vi} / {en})")
    for w in result.warnings:
        lines.append(f"  ! {w['vi']} / {w['en']}")
    return "\n".join(lines)


def _check_period(args) -> None:
    from queries.periods import FIRST_YEAR, LAST_YEAR

    if args.end < args.start:
        raise CliError("--to trước --from / --to is before --from")
    if args.start.year < FIRST_YEAR or args.end.year > LAST_YEAR:
        raise CliError(f"Ngày phải trong các năm {FIRST_YEAR}–{LAST_YEAR} / dates must lie in {FIRST_YEAR}–{LAST_YEAR}")


def cmd_kpis(args) -> int:
    import queries
    import warehouse

    _check_period(args)
    con = _connect(args, read_only=True)
    if args.unit and not con.execute("SELECT count(*) FROM units WHERE unit_code = ?", [args.unit]).fetchall()[0][0]:
        raise CliError(f"Không có đơn vị mã «{args.unit}» / unknown unit code '{args.unit}'")
    as_of = _as_of(con, args.end)
    out = {
        "from": args.start.isoformat(),
        "to": args.end.isoformat(),
        "as_of": as_of.isoformat(),
        "unit": args.unit,
        "kind": args.kind,
        "demo": warehouse.is_demo(con),
        **queries.kpis(con, args.start, as_of, kind=args.kind, unit=args.unit),
    }
    if args.json:
        print_json(out)
    else:
        from queries.metrics import LABELS_VI

        for key, value in out.items():
            print(f"{LABELS_VI.get(key, key)}: {'—' if value is None else value}")
    return 0


def _as_of(con, end: dt.date) -> dt.date:
    """The day counts are taken to: `end`, or the last day the data covers if that is earlier
    (pending dossiers are counted as of then, not at a future period end)."""
    import queries

    data_end = queries.data_end(con)
    return min(end, data_end) if data_end else end


def cmd_ranking(args) -> int:
    import queries
    from queries.metrics import METRICS, RATES, SCOPE_ONLY

    _check_period(args)
    if args.metric not in METRICS or args.metric in SCOPE_ONLY:
        rankable = ", ".join(m for m in METRICS if m not in SCOPE_ONLY)
        raise CliError(f"Chỉ số không xếp hạng được / cannot rank by '{args.metric}' (chọn / choose: {rankable})")
    con = _connect(args, read_only=True)
    as_of = _as_of(con, args.end)
    ranked = queries.ranking(con, args.metric, args.start, as_of, kind=args.kind, unit=args.unit)
    num, den = RATES.get(args.metric, ((), ()))
    counts = [c for c in ranked.columns if c not in METRICS and ranked[c].dtype.kind in "iu"
              and c not in ("rank", "previous_rank", "rank_change")]
    rows = []
    for r in ranked.to_dict("records"):
        value = r[args.metric]
        rows.append(
            {
                "rank": None if r["rank"] is None or r["rank"] != r["rank"] else int(r["rank"]),
                "unit_code": r["unit_code"],
                "unit_name": r["unit_name"],
                "kind": r["kind"],
                "value": None if value != value else value,
                "numerator": int(sum(r[c] for c in num)) if num else None,
                "denominator": int(sum(r[c] for c in den)) if den else None,
                "counts": {c: int(r[c]) for c in counts},
            }
        )
    out = {"metric": args.metric, "from": args.start.isoformat(), "to": args.end.isoformat(),
           "as_of": as_of.isoformat(), "kind": args.kind, "units": rows}
    if args.json:
        print_json(out)
    else:
        for r in rows:
            v = "—" if r["value"] is None else r["value"]
            print(f"{r['rank'] or '—':>4}  {r['unit_code']:<14} {v:>8}  {r['unit_name']}")
    return 0


def cmd_briefing(args) -> int:
    from pathlib import Path

    _check_period(args)
    out = Path(args.out)
    if out.suffix.lower() not in (".pptx", ".pdf"):
        raise CliError(f"--out phải là tệp .pptx hoặc .pdf / --out must be a .pptx or .pdf file: {out.name}")
    if not out.parent.exists():
        raise CliError(f"Không có thư mục / no such folder: {out.parent}")
    import queries
    from reports import briefing, pdf_deck, pptx_deck  # plotly, kaleido, python-pptx and fpdf2 load only here

    con = _connect(args, read_only=True)
    try:
        period = _period(args.start, args.end).as_of(queries.data_end(con))
        b = briefing.build(con, period, kind=args.kind, unit=args.unit, lang=args.lang)
    except ValueError as e:
        raise CliError(str(e)) from e
    finally:
        con.close()  # the file is free while the charts render
    try:
        briefing.render_charts(b)
        data = pptx_deck.to_pptx(b) if out.suffix.lower() == ".pptx" else pdf_deck.to_pdf(b)
    except RuntimeError as e:
        raise CliError(f"Không tạo được báo cáo / cannot build the briefing: {e}") from e
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)  # never a half-written file where the scheduler looks
    print(f"{out} ({len(b.slides)} trang / slides)")
    return 0


def _period(start: dt.date, end: dt.date):
    """A whole month, quarter or year is named as such (the previous period follows its kind)."""
    from queries import periods

    for candidate in (periods.month(start.year, start.month), periods.quarter(start.year, (start.month - 1) // 3 + 1),
                      periods.year(start.year)):
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    return periods.Period(start, end, "range")


def cmd_scores(args) -> int:
    from queries import scores

    con = _connect(args, read_only=True)
    if args.scheme == "par":
        if not args.period.strip().isdigit() or len(args.period.strip()) != 4:
            raise CliError(f"Kỳ của chỉ số CCHC là một năm (YYYY) / the PAR period is a year (YYYY): {args.period!r}")
        try:
            bands = scores.parse_bands(args.bands) if args.bands else scores.grade_bands(con)
        except ValueError as e:
            raise CliError(str(e)) from None
        units = scores.par(con, int(args.period), kind=args.kind, bands=bands)
        out = {"scheme": "par", "period": args.period.strip(), "kind": args.kind,
               "bands": [{"min": low, "grade": name} for low, name in bands], "units": units}
    else:
        from data_loaders.messages import ImportRefused
        from data_loaders.scores import normalise_period

        try:
            period = normalise_period(args.period)
        except ImportRefused as e:
            raise CliError(str(e)) from None
        out = {"scheme": "portal766", "kind": args.kind, **scores.portal766(con, period, kind=args.kind)}
    if not out["units"] and not out.get("province"):
        print(f"Không có điểm cho kỳ {args.period} / no scores for period {args.period}", file=sys.stderr)
    if args.json:
        print_json(out)
    else:
        if args.scheme == "portal766":
            print("Nhóm / groups: " + ", ".join(out["groups"]))
        for r in out["units"]:
            total = "—" if r["total"] is None else r["total"]
            extra = f"  {r['grade']}" if args.scheme == "par" and r["grade"] else ""
            print(f"{r['kind']:<11} {r['rank'] or '—':>4}  {r['unit_code']:<14} {total:>8}{extra}  {r['unit_name']}")
def _read_password(prompt: str) -> str:
    """From the terminal with getpass (asked twice), or one line of standard input for scripts;
    never from the command line, where it would stay in the shell history."""
    import getpass

    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại / again: ") != first:
            raise CliError("Hai lần nhập mật khẩu không khớp / the two passwords differ")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def cmd_user(args) -> int:
    from auth import accounts

    con = _connect(args, read_only=args.action == "list")
    try:
        if args.action == "list":
            users = accounts.list_users(con)
            if args.json:
                print_json(users)
            for u in [] if args.json else users:
                state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "")
                print(f"{u['username']:<30} {u['role']:<7} {state}")
            return 0
        if not args.name:
            raise CliError("Thiếu tên tài khoản / missing user name")
        if args.action == "add":
            password = None if args.sso else _read_password("Mật khẩu / password: ")
            name = accounts.add_user(con, args.name, args.role, password, args.display_name)
            print(f"Đã tạo tài khoản {name} ({args.role}) / account created")
        elif args.action == "passwd":
            accounts.set_password(con, args.name, _read_password("Mật khẩu mới / new password: "))
            print("Đã đổi mật khẩu / password changed")
        elif args.action == "role":
            if args.new_role not in accounts.ROLES:
                raise CliError("Vai trò: viewer, staff hoặc admin / role: viewer, staff or admin")
            accounts.set_role(con, args.name, args.new_role)
            print(f"{args.name}: {args.new_role}")
        elif args.action in ("disable", "enable"):
            accounts.set_disabled(con, args.name, args.action == "disable")
            print(f"{args.name}: {args.action}d")
        elif args.action == "unlock":
            accounts.unlock(con, args.name)
            print(f"{args.name}: unlocked")
    except accounts.AccountError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_setting(args) -> int:
    from auth import accounts

    con = _connect(args, read_only=args.value is None)
    try:
        if args.name and args.value is not None:
            accounts.set_setting(con, args.name, args.value)
        names = [args.name] if args.name else list(accounts.SETTINGS)
        for name in names:
            print(f"{name} = {accounts.get_setting(con, name)}")
    except accounts.AccountError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_mapping(args) -> int:
    from data_loaders import mappings
    from data_loaders.pipeline import default_user

    con = _connect(args, read_only=args.action in ("list", "show"))
    try:
        if args.action == "list":
            rows = mappings.list_all(con)
            if args.json:
                print_json(rows)
            for m in [] if args.json else rows:
                used = sum(1 for v in m["columns"].values() if v)
                print(f"{m['name']:<40} {m['kind']:<10} {used} cột / columns  ({m['updated_by']}, {m['updated_at']:%d/%m/%Y})")
            return 0
        if not args.name:
            raise CliError("Thiếu tên cách ghép cột / missing the mapping's name")
        if args.action == "show":
            m = mappings.get(con, args.name)
            out = {"name": m.name, "kind": m.kind, "columns": m.columns, "headers": m.headers}
            print_json(out)
        elif args.action == "add":
            choices = {}
            for item in args.map:
                header, sep, target = item.rpartition("=")
                if not sep or not header.strip():
                    raise CliError(f"--map cần dạng TIÊU_ĐỀ=TRƯỜNG / --map needs HEADER=FIELD: {item!r}")
                choices[header.strip()] = target.strip()
            choices.update({h: None for h in args.ignore})
            mapping = mappings.build(args.kind, choices, name=args.name)
            if args.headers_from:
                mapping.headers = _file_headers(con, args.headers_from, mapping)
            mappings.save(con, mapping, args.user or default_user())
            print(f"Đã lưu cách ghép cột «{args.name}» / mapping '{args.name}' saved")
        elif args.action == "rename":
            if not args.new_name:
                raise CliError("Thiếu tên mới / missing the new name")
            mappings.rename(con, args.name, args.new_name, args.user or default_user())
            print(f"{args.name} → {args.new_name}")
        elif args.action == "delete":
            mappings.delete(con, args.name)
            print(f"Đã xóa / deleted: {args.name}")
    except mappings.MappingError as e:
        raise CliError(str(e)) from None
    return 0


def _file_headers(con, path, mapping) -> list[str]:
    """The header row of a sample file, found as an import with this mapping finds it (nothing
    is written): files with the same headers will use the mapping without being asked."""
    from data_loaders import import_file

    result = import_file(con, path, kind=mapping.kind, dry_run=True, mapping=mapping)
    if not result.headers:
        raise CliError(f"{result.message_vi} / {result.message_en}")
    return result.headers


def cmd_undo(args) -> int:
    from data_loaders.pipeline import default_user
    from data_loaders.undo import UndoRefused, undo_import

    con = _connect(args)
    try:
        out = undo_import(con, args.import_id, user=args.user or default_user())
    except UndoRefused as e:
        raise CliError(str(e)) from None
    print(f"Đã hoàn tác lần nhập số {out['import_id']}: xóa {out['removed']} dòng, khôi phục {out['restored']} dòng. / "
          f"Import {out['import_id']} undone: {out['removed']} rows removed, {out['restored']} restored.")
    return 0


def cmd_source(args) -> int:
    from data_loaders import sources
    from data_loaders.pipeline import default_user

    try:
        if args.action == "list":
            with _session(args, read_only=True) as con:
                found, pulls = sources.list_sources(con), sources.last_pulls(con)
                marks = {s.name: sources.current_watermark(con, s.name) for s in found}
            rows = [{**s.public(), "watermark": marks[s.name].value if marks[s.name] else None,
                     "last_pull": pulls.get(s.name)} for s in found]
            if args.json:
                print_json(rows)
            for r in [] if args.json else rows:
                last = r["last_pull"]
                when = f"{last['status']} {last['started_at']:%d/%m/%Y %H:%M}" if last else "—"
                what = r["table"] or "(query)"
                print(f"{r['name']:<20} {r['origin']:<9} {r['kind']:<10} {'on' if r['enabled'] else 'off':<3} "
                      f"{what:<24} {r['watermark'] or '—':<32} {when:<24} {r['url']}")
            if not rows and not args.json:
                print("Chưa có nguồn nào / no sources yet (cli.py source add …)", file=sys.stderr)
            return 0
        if not args.name:
            raise CliError("Thiếu tên nguồn / missing the source's name")
        user = args.user or default_user()
        if args.action == "add":
            if not args.url or not args.kind:
                raise CliError("source add cần --url và --kind / source add needs --url and --kind")
            query = args.query
            if args.query_file:
                from pathlib import Path

                query = Path(args.query_file).read_text(encoding="utf-8-sig")
            src = sources.define(args.name, args.url, args.kind, table=args.table, query=query, mapping=args.mapping,
                                 changed_column=args.changed_column, password_env=args.password_env,
                                 timeout=args.timeout, enabled=not args.disabled)
            with _session(args) as con:
                sources.add(con, src, user)
            print(f"Đã thêm nguồn «{src.name}» / source '{src.name}' added: {src.url}"
                  + (f" (mật khẩu từ / password from ${src.password_env})" if src.password_env else ""))
        elif args.action == "show":
            with _session(args, read_only=True) as con:
                src = sources.get(con, args.name)
                mark = sources.current_watermark(con, src.name)
            print_json({**src.public(), "watermark": mark.value if mark else None})
        elif args.action == "remove":
            with _session(args) as con:
                sources.remove(con, args.name)
            print(f"Đã xóa nguồn / source removed: {args.name}")
        else:
            with _session(args) as con:
                sources.set_enabled(con, args.name, args.action == "enable", user)
            print(f"{args.name}: {args.action}d")
    except sources.SourceError as e:
        raise CliError(str(e)) from None
    return 0


def cmd_pull(args) -> int:
    """Pull one source (its import report, then one summary line) or every enabled one (one line
    each, for a scheduler's log; exit 1 if any failed)."""
    from data_loaders import sources

    if bool(args.source) == bool(args.all):
        raise CliError("Cần đúng một: TÊN_NGUỒN hoặc --all / give exactly one of SOURCE or --all")
    if args.all and args.since:
        raise CliError("--since chỉ dùng cho một nguồn / --since applies to one source")
    open_warehouse = lambda: _session(args)  # noqa: E731 - opened briefly, twice per pull
    # the definitions and watermarks are read read-only: a read-write open blocks the app's readers
    read_warehouse = lambda: _session(args, read_only=True)  # noqa: E731

    ask = None
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        ask = getpass.getpass
    show_progress = args.progress or sys.stderr.isatty()

    def progress_for(name):
        def report(fraction, stage, rows):
            if show_progress:
                print(f"{name}: {stage} {rows:,} dòng / rows", file=sys.stderr, flush=True)
        return report

    def one(name):
        return sources.pull(open_warehouse, name, since=args.since, dry_run=args.dry_run, user=args.user,
                            progress=progress_for(name), ask_password=ask, read_warehouse=read_warehouse)

    try:
        if args.source:
            result = one(args.source)
            if args.json:
                print_json(result.as_dict())
            else:
                if result.import_result is not None:
                    print(import_report(result.import_result))
                print(result.line())
            if not result.ok:
                print(f"{result.message_vi} / {result.message_en}", file=sys.stderr)
            return 0 if result.ok else 1
        with read_warehouse() as con:
            names = [s.name for s in sources.list_sources(con) if s.enabled]
    except sources.SourceError as e:
        raise CliError(str(e)) from None
    if not names:
        print("Không có nguồn nào đang bật / no enabled source", file=sys.stderr)
    failed = 0
    results = []
    for name in names:
        try:
            result = one(name)
            line, ok = result.line(), result.ok
            results.append(result.as_dict())
        except sources.SourceError as e:  # one source's problem never stops the others
            line, ok = f"{name}: failed — {e}", False
            results.append({"source": name, "status": "failed", "message_en": e.message_en})
        except Exception as e:  # e.g. the warehouse file stayed locked: say so, go on with the next
            detail = sources.scrub(sources.describe(e))
            line, ok = f"{name}: failed — {detail}", False
            results.append({"source": name, "status": "failed", "message_en": detail})
        failed += not ok
        if not args.json:
            print(line, flush=True)
    if args.json:
        print_json(results)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"import": cmd_import, "kpis": cmd_kpis, "ranking": cmd_ranking, "briefing": cmd_briefing,
                "scores": cmd_scores, "user": cmd_user, "setting": cmd_setting, "undo": cmd_undo,
                "mapping": cmd_mapping, "source": cmd_source, "pull": cmd_pull}[args.command](args)
    except CliError as e:
        print(str(e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
