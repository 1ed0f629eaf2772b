"""The demo dossier export: a file shaped like the one the province's dossier system writes.

`write_dossier_export()` writes CSV or XLSX with Vietnamese headers, dd/mm/yyyy dates, title and
signature lines, generated in batches so millions of rows never sit in memory as Python objects.
Unit and procedure codes are those of `demo_tables()`.

Command line: `python -m sample_data.export --export FILE --n N [--seed S] [--clean]`.
"""

from __future__ import annotations

import argparse
import os
import sys

import pyarrow as pa
import pyarrow.compute as pc

from sample_data.catalogue import PROVINCE_NAME
from sample_data.dossiers import DEMO_END, dossier_batches, window_start
from sample_data.registry import Registry, demo_registry

EXPORT_HEADERS = [
    "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mã đơn vị", "Đơn vị xử lý",
    "Kênh thực hiện", "Mức độ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả",
    "Ngày trả kết quả", "Trạng thái", "Số hóa hồ sơ", "Số hóa kết quả",
    "Tái sử dụng dữ liệu", "Có phí", "Thanh toán trực tuyến", "Xin lỗi",
]
_EXPORT_CHANNEL = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
_EXPORT_LEVEL = {"full": "Toàn trình", "partial": "Một phần", "none": ""}
_DATETIME_FMT = "%d/%m/%Y %H:%M:%S"
_DATE_FMT = "%d/%m/%Y"


def _map_strings(values: pa.Array, mapping: dict[str, str]) -> pa.Array:
    """Replace each value by mapping[value] (values outside the mapping become null)."""
    keys = pa.array(list(mapping))
    return pa.array(list(mapping.values())).take(pc.index_in(values, value_set=keys))


def _export_view(reg: Registry, d: pa.Table, as_text: bool) -> list[pa.Array]:
    """The export's columns (EXPORT_HEADERS order) for a dossier batch.

    as_text: dates as dd/mm/yyyy strings (CSV); otherwise timestamps (XLSX date cells).
    """
    catalogue_level = reg.procedures["online_level"].take(
        pc.index_in(d["procedure_code"], value_set=reg.procedures["procedure_code"]))
    level = _map_strings(pc.coalesce(d["service_level"], catalogue_level), _EXPORT_LEVEL)

    def when(col: str, date_only_at_midnight: bool = False):
        ts = d[col].combine_chunks()
        if not as_text:
            return ts
        secs = ts.cast(pa.timestamp("s"))  # %S of a [us] timestamp would print fractions
        text = pc.strftime(secs, _DATETIME_FMT)
        if date_only_at_midnight:
            at_midnight = pc.equal(secs, pc.floor_temporal(secs, unit="day"))
            text = pc.if_else(at_midnight, pc.strftime(secs, _DATE_FMT), text)
        return text.fill_null("")

    def yes_no(col: str):
        return pc.if_else(d[col], "Có", "Không").combine_chunks()

    return [
        d["dossier_code"], d["procedure_code_raw"], d["procedure_name"], d["field_name"],
        d["unit_code"], d["unit_name"], _map_strings(d["channel"].combine_chunks(), _EXPORT_CHANNEL),
        level.fill_null(""), when("received_at"), when("due_at", date_only_at_midnight=True),
        when("completed_at"), when("returned_at"),
        d["status"].combine_chunks(),
        yes_no("digitized"), yes_no("result_digitized"), yes_no("reused"),
        yes_no("fee_required"), pc.if_else(d["paid_online"], 1, 0).cast(pa.int8()).combine_chunks(), yes_no("apology"),
    ]


def _title_lines(months: int = 28) -> list[str]:
    start = window_start(months)
    return [
        f"UBND TỈNH {PROVINCE_NAME.upper()}",
        f"BÁO CÁO CHI TIẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH TỪ NGÀY {start:%d/%m/%Y} "
        f"ĐẾN NGÀY {DEMO_END:%d/%m/%Y}",
    ]


def _footer_cells(n: int) -> tuple[list[str], list[str]]:
    width = len(EXPORT_HEADERS)
    totals = [f"Tổng cộng: {n:,} hồ sơ".replace(",", ".")] + [""] * (width - 1)
    signature = [""] * width
    signature[1], signature[12] = "Người lập biểu", "Thủ trưởng đơn vị"
    return totals, signature


def _write_csv(path, n: int, seed: int, messy: bool) -> None:
    import pyarrow.csv as pacsv

    reg = demo_registry()
    width = len(EXPORT_HEADERS)
    pad = "," * (width - 1)  # spreadsheet-made CSVs pad every line to the full width
    numeric = {"Trạng thái": pa.int16(), "Thanh toán trực tuyến": pa.int8()}
    schema = pa.schema([(h, numeric.get(h, pa.string())) for h in EXPORT_HEADERS])
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    with open(path, "wb") as out:
        if messy:
            out.write("\ufeff".encode("utf-8"))  # Excel-style BOM
            out.write("".join(f"{line}{pad}\n" for line in _title_lines()).encode("utf-8"))
            out.write(b"\n")
        out.write((",".join(EXPORT_HEADERS) + "\n").encode("utf-8"))
        writer = pacsv.CSVWriter(out, schema, write_options=options)
        for batch in dossier_batches(n, seed):
            writer.write_table(pa.Table.from_arrays(_export_view(reg, batch, True), schema=schema))
        writer.close()
        if messy:
            totals, signature = _footer_cells(n)
            out.write((",".join(totals) + "\n\n" + ",".join(signature) + "\n").encode("utf-8"))


def _write_xlsx(path, n: int, seed: int, messy: bool) -> None:
    from openpyxl import Workbook

    if n + 8 > 1_048_576:
        raise ValueError("an XLSX sheet holds at most 1,048,576 rows; use fmt='csv'")
    reg = demo_registry()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách hồ sơ")
    if messy:
        for line in _title_lines():
            ws.append([line])
        ws.append([])
    ws.append(EXPORT_HEADERS)
    for batch in dossier_batches(n, seed):
        view = pa.Table.from_arrays(_export_view(reg, batch, False), names=EXPORT_HEADERS)
        for rb in view.to_batches(max_chunksize=20_000):  # bounded Python objects at a time
            for row in zip(*(col.to_pylist() for col in rb.columns)):
                ws.append(row)
    if messy:
        totals, signature = _footer_cells(n)
        ws.append(totals)
        ws.append([])
        ws.append(signature)
    wb.save(path)


def write_dossier_export(path, n_dossiers: int, seed: int = 7, messy: bool = True,
                         fmt: str = "csv") -> None:
    """Write n_dossiers dossiers as the province's dossier system would export them.

    CSV (UTF-8) or XLSX with Vietnamese headers (EXPORT_HEADERS), dates dd/mm/yyyy HH:MM:SS
    (due dates dd/mm/yyyy), Có/Không flags, channel and service level in words, status as
    its national code. messy=True adds what real exports carry: a BOM, two title lines and
    a blank line above the header, a totals line and a signature line below the data.
    Unit and procedure codes are those of demo_tables(). Rows are generated and written in
    chunks, so memory stays flat however many rows are asked for.
    """
    if n_dossiers < 0:
        raise ValueError("n_dossiers must be >= 0")
    fmt = fmt.lower()
    if fmt == "csv":
        _write_csv(os.fspath(path), n_dossiers, seed, messy)
    elif fmt == "xlsx":
        _write_xlsx(os.fspath(path), n_dossiers, seed, messy)
    else:
        raise ValueError(f"unknown export format {fmt!r}: use 'csv' or 'xlsx'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.export",
        description="Write a demo dossier export (iGate-style) for the demo province.")
    parser.add_argument("--export", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--n", type=int, default=10_000, help="number of dossiers")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clean", action="store_true",
                        help="header on the first line, no title, totals or signature lines")
    parser.add_argument("--format", choices=("csv", "xlsx"),
                        help="default: from the file's extension, else csv")
    args = parser.parse_args(argv)
    fmt = args.format or ("xlsx" if args.export.lower().endswith(".xlsx") else "csv")
    write_dossier_export(args.export, args.n, seed=args.seed, messy=not args.clean, fmt=fmt)
    print(f"{args.n} dossiers written to {args.export}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
