"""Column mappings staff keep for their system: "in our one-stop export, «Cơ quan thụ lý» is the
unit name and «Ghi chú» is not imported", saved once under a name and used again.

A mapping holds, per folded header, the canonical column it feeds or "" (not imported). It is
applied on top of the automatic recognition (columns.match_headers): what it names wins, what it
does not name keeps its automatic meaning. A file whose set of headers equals the set a mapping
was saved from uses that mapping without being asked (the import report says so); any file can
name one (`cli.py import --mapping NAME`, the upload page). Mappings live in the warehouse
(table column_mappings); the import log keeps the name of the one an import used.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .columns import KINDS, MAX_HEADER, fold

MESSAGES = {
    "unknown": ("Không có cách ghép cột «{name}».", "No column mapping named '{name}'."),
    "exists": ("Đã có cách ghép cột «{name}».", "A column mapping named '{name}' already exists."),
    "bad_name": ("Tên cách ghép cột cần từ 1 đến 80 ký tự.", "A mapping name has 1 to 80 characters."),
    "bad_kind": ("Loại dữ liệu «{kind}» không ghép cột được.", "Kind '{kind}' has no columns to map."),
    "bad_field": ("Trường «{field}» không thuộc loại dữ liệu «{kind}».", "Field '{field}' is not a column of '{kind}'."),
    "twice": ("Trường «{field}» được ghép cho hai cột: {headers}.", "Field '{field}' is mapped from two columns: {headers}."),
    "empty": ("Cách ghép cột không có cột nào.", "The mapping has no columns."),
}


class MappingError(Exception):
    def __init__(self, reason: str, **params):
        self.reason = reason
        vi, en = MESSAGES[reason]
        self.message_vi, self.message_en = vi.format(**params), en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")


@dataclass
class Mapping:
    name: str | None  # None: not saved (the upload page's choices before saving)
    kind: str
    columns: dict[str, str] = field(default_factory=dict)  # folded header → canonical name, "" = not imported
    headers: list[str] = field(default_factory=list)  # the headers it was made from, as the file wrote them

    def apply(self, headers: list[str], found: dict[int, str]) -> tuple[dict[int, str], list[str]]:
        """The automatic match `found` (position → canonical) with this mapping's choices on top;
        returns it and the headers the mapping leaves out on purpose."""
        out = dict(found)
        ignored = []
        for i, h in enumerate(headers):
            choice = self.columns.get(fold(h))
            if choice is None:
                continue
            out.pop(i, None)
            if choice == "":
                ignored.append(h)
                continue
            for j in [j for j, name in out.items() if name == choice]:
                del out[j]  # the mapping's column replaces the one recognised automatically
            out[i] = choice
        return out, ignored


def header_key(headers: list[str]) -> str:
    """What two files from the same system share: the set of their folded headers."""
    # a cell longer than any column name is not one (and is not folded: see columns.match_headers)
    return "|".join(sorted({f for f in (fold(h) for h in headers if len(str(h)) <= MAX_HEADER) if f}))


def build(kind: str, choices: dict[str, str | None], name: str | None = None, headers: list[str] | None = None) -> Mapping:
    """A mapping from {header as written: canonical name, or None/"" for not imported}, checked."""
    if kind not in KINDS:
        raise MappingError("bad_kind", kind=kind)
    valid = {c.name for c in KINDS[kind]}
    columns: dict[str, str] = {}
    by_field: dict[str, list[str]] = {}
    for header, target in choices.items():
        target = target or ""
        if target and target not in valid:
            raise MappingError("bad_field", field=target, kind=kind)
        if fold(header):
            columns[fold(header)] = target
            if target:
                by_field.setdefault(target, []).append(header)
    for target, hs in by_field.items():
        if len(hs) > 1:
            raise MappingError("twice", field=target, headers=", ".join(hs))
    if not columns:
        raise MappingError("empty")
    return Mapping(name=name, kind=kind, columns=columns, headers=list(headers or choices))


def _row(r) -> Mapping:
    name, kind, columns, headers = r[:4]
    return Mapping(name=name, kind=kind, columns=json.loads(columns), headers=json.loads(headers or "[]"))


def get(con, name: str) -> Mapping:
    rows = con.execute("SELECT name, kind, columns, headers FROM column_mappings WHERE name = ?", [name]).fetchall()
    if not rows:
        raise MappingError("unknown", name=name)
    return _row(rows[0])


def for_headers(con, headers: list[str]) -> Mapping | None:
    """The saved mapping made from a file with exactly these headers, if any (the newest)."""
    rows = con.execute("SELECT name, kind, columns, headers FROM column_mappings WHERE header_key = ? "
                       "ORDER BY updated_at DESC LIMIT 1", [header_key(headers)]).fetchall()
    return _row(rows[0]) if rows else None


def known_headers(con) -> set[str]:
    """Every folded header some saved mapping names: they count as recognised when looking for
    the header row of a file no alias would recognise."""
    found = set()
    for (columns,) in con.execute("SELECT columns FROM column_mappings").fetchall():
        found.update(json.loads(columns))
    return found


def save(con, mapping: Mapping, user: str, replace: bool = False) -> None:
    """Store a mapping under its name (a new name, or replacing it when `replace`)."""
    name = (mapping.name or "").strip()
    if not 1 <= len(name) <= 80:
        raise MappingError("bad_name")
    now = dt.datetime.now().replace(microsecond=0)
    exists = con.execute("SELECT count(*) FROM column_mappings WHERE name = ?", [name]).fetchall()[0][0]
    if exists and not replace:
        raise MappingError("exists", name=name)
    con.execute("DELETE FROM column_mappings WHERE name = ?", [name])
    con.execute(
        "INSERT INTO column_mappings (name, kind, columns, headers, header_key, created_by, created_at, updated_by, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [name, mapping.kind, json.dumps(mapping.columns, ensure_ascii=False),
         json.dumps(mapping.headers, ensure_ascii=False), header_key(mapping.headers), user, now, user, now])


def list_all(con) -> list[dict]:
    cur = con.execute("SELECT name, kind, columns, headers, created_by, created_at, updated_by, updated_at "
                      "FROM column_mappings ORDER BY name")
    names = [d[0] for d in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(names, r))
        row["columns"] = json.loads(row["columns"])
        row["headers"] = json.loads(row["headers"] or "[]")
        out.append(row)
    return out


def rename(con, old: str, new: str, user: str) -> None:
    get(con, old)
    new = (new or "").strip()
    if not 1 <= len(new) <= 80:
        raise MappingError("bad_name")
    if new != old and con.execute("SELECT count(*) FROM column_mappings WHERE name = ?", [new]).fetchall()[0][0]:
        raise MappingError("exists", name=new)
    con.execute("UPDATE column_mappings SET name = ?, updated_by = ?, updated_at = ? WHERE name = ?",
                [new, user, dt.datetime.now().replace(microsecond=0), old])


def delete(con, name: str) -> None:
    get(con, name)
    con.execute("DELETE FROM column_mappings WHERE name = ?", [name])
