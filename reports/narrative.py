"""The period written out in the words a report uses, in Vietnamese or English.

Pure text from figures the metric engine gave: the overview shows it, and a briefing can
reuse it. Nothing here computes a rate.
"""
from __future__ import annotations

import formatting as fmt
from labels import UNIT_KIND_LABELS
from queries.periods import Period

PREVIOUS = {
    "month": ("so với tháng trước", "on the previous month"),
    "quarter": ("so với quý trước", "on the previous quarter"),
    "year": ("so với năm trước", "on the previous year"),
    "ytd": ("so với cùng kỳ năm trước", "on the same period last year"),
    "range": ("so với kỳ trước", "on the previous period"),
}


def _change(now, before, lang: str) -> str:
    if now is None or before is None:
        return ""
    d = round(now - before, 2)
    if lang == "vi":
        if d == 0:
            return "không đổi"
        return f"{'tăng' if d > 0 else 'giảm'} {fmt.number(abs(d), 2, 'vi')} điểm %"
    if d == 0:
        return "unchanged"
    return f"{'up' if d > 0 else 'down'} {fmt.number(abs(d), 2, 'en')} points"


def period_summary(period: Period, scope: str, now: dict, before: dict, below_target: list[tuple[str, float | None]],
                   lang: str = "vi") -> str:
    """One paragraph: volumes, the on-time rate and its change, online and digitized rates,
    overdue dossiers, and the units below their on-time target."""
    vi = lang == "vi"
    prev_words = PREVIOUS[period.kind][0 if vi else 1]
    when = period.label(lang)
    p = (lambda x: fmt.percent(x, lang))
    n = (lambda x: fmt.number(x, 0, lang))
    parts = []
    if vi:
        scope = "toàn tỉnh" if scope == "Toàn tỉnh" else scope
        parts.append(f"{when}, {scope} tiếp nhận {n(now['received'])} hồ sơ, giải quyết {n(now['resolved'])} hồ sơ")
    else:
        # "In October 2026, the whole province received …", "…, communes received …"
        kinds = {en: en.lower() for _vi, en in UNIT_KIND_LABELS.values()}
        scope = "the whole province" if scope == "Whole province" else kinds.get(scope, scope)
        parts.append(f"In {when}, {scope} received {n(now['received'])} dossiers and resolved {n(now['resolved'])}")
    if now.get("on_time_rate") is not None:
        change = _change(now["on_time_rate"], before.get("on_time_rate"), lang)
        if vi:
            parts.append(f"tỷ lệ giải quyết đúng hạn đạt {p(now['on_time_rate'])}"
                         + (f", {change} {prev_words}" if change else ""))
        else:
            parts.append(f"the on-time rate was {p(now['on_time_rate'])}"
                         + (f", {change} {prev_words}" if change else ""))
    if now.get("online_rate") is not None:
        change = _change(now["online_rate"], before.get("online_rate"), lang)
        if vi:
            parts.append(f"tỷ lệ hồ sơ trực tuyến {p(now['online_rate'])}" + (f" ({change})" if change else ""))
        else:
            parts.append(f"online dossiers {p(now['online_rate'])}" + (f" ({change})" if change else ""))
    if now.get("digitized_rate") is not None:
        parts.append(f"tỷ lệ số hóa hồ sơ {p(now['digitized_rate'])}" if vi
                     else f"digitized dossiers {p(now['digitized_rate'])}")
    if now.get("pending_overdue"):
        parts.append(f"còn {n(now['pending_overdue'])} hồ sơ đang xử lý quá hạn" if vi
                     else f"{n(now['pending_overdue'])} pending dossiers were overdue at the period's end")
    text = "; ".join(parts) + "."
    if below_target:
        names = ", ".join(f"{name} ({p(value)})" for name, value in below_target[:5])
        more = len(below_target) - 5
        if vi:
            text += f" {len(below_target)} đơn vị dưới chỉ tiêu đúng hạn: {names}"
            text += f" và {more} đơn vị khác." if more > 0 else "."
        else:
            text += f" {len(below_target)} units below their on-time target: {names}"
            text += f" and {more} more." if more > 0 else "."
    elif now.get("on_time_rate") is not None:
        text += " Không có đơn vị nào dưới chỉ tiêu đúng hạn." if vi else " No unit is below its on-time target."
    return text
