"""Blank templates for every import kind: the Vietnamese headers of `columns.py` and one
example row (tests import each template to prove it is accepted as is)."""
from __future__ import annotations

from .columns import KINDS, Column

EXAMPLES = {
    "dossiers": {
        "dossier_code": "000.00.53.H48-261001-0001", "procedure_code": "1.001612", "procedure_name": "Đăng ký khai sinh",
        "field_code": "HT", "field_name": "Hộ tịch", "unit_code": "H48.101", "unit_name": "UBND xã An Bình",
        "channel": "Trực tuyến", "service_level": "Toàn trình", "received_at": "01/10/2026 08:30",
        "due_at": "03/10/2026", "completed_at": "02/10/2026 15:00", "returned_at": "02/10/2026 16:00",
        "status": "10", "digitized": "Có", "result_digitized": "Có", "reused": "Không", "fee_required": "Không",
        "paid_online": "", "apology": "", "rating": "5",
    },
    "units": {
        "unit_code": "H48.101", "unit_name": "UBND xã An Bình", "kind": "commune", "parent_code": "H48",
        "admin_code": "20101", "lat": "15,12", "lon": "108,80", "valid_from": "01/07/2025", "valid_to": "",
        "successor_code": "",
    },
    "procedures": {
        "procedure_code": "1.001612", "procedure_name": "Đăng ký khai sinh", "field_name": "Hộ tịch",
        "online_level": "Toàn trình", "fee_required": "Không", "paper_result_required": "Có",
    },
    "targets": {"metric": "on_time_rate", "year": "2026", "scope": "all", "value": "95"},
    "par": {"year": "2025", "unit_code": "H48.101", "unit_name": "UBND xã An Bình", "criterion_code": "1.1",
            "criterion_name": "Ban hành kế hoạch CCHC năm", "max_points": "1", "self_points": "1",
            "final_points": "0,75"},
}
# portal766 has no template: its files are the portal's own JSON, imported as published.


def header(col: Column) -> str:
    """The Vietnamese header of a column: its first accepted header written with diacritics."""
    for alias in col.aliases:
        if not alias.isascii():
            return alias
    return col.aliases[0] if col.aliases else col.name


def template(kind: str) -> tuple[list[str], list[str]]:
    """(headers, example row) for one kind."""
    cols = KINDS[kind]
    return [header(c) for c in cols], [EXAMPLES[kind].get(c.name, "") for c in cols]


def template_frame(kind: str):
    import pandas as pd

    headers, example = template(kind)
    return pd.DataFrame([example], columns=headers)
