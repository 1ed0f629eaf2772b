"""The language a person chose, and data text made safe for Streamlit's Markdown.

No connection and no widget: every other part of the page kit (and the sign-in) uses these.
"""
from __future__ import annotations

import re

import streamlit as st

from labels import GLOSSARY, PLACEHOLDER, abbreviations_in
from queries.metrics import LABELS_EN, LABELS_VI, SHORT_LABELS


def lang() -> str:
    return st.session_state.get("lang", "vi")


def tr(vi: str, en: str) -> str:
    """The text in the chosen language."""
    return vi if lang() == "vi" else en


# Choice widgets (selectbox, radio, multiselect) tell the browser their choice as the chosen option's
# words. A keyed one stays the same widget when the language changes, and its value has not changed,
# so Streamlit 1.67 sent nothing and the browser went on showing "Tháng" among English options.
# The keys are remembered per session (an upload's choices have keys of their own: a process-wide
# set would only grow).
_WORDED = "_worded_keys"

# The "all" option of a choice ("— Tất cả —"). Not None: Streamlit takes a value of None set
# through session_state as "nothing chosen": after a language switch the box showed the empty
# placeholder, after the "Đang xem ✕" chip the unit chosen before. Falsy, so `value or None`
# gives the engine's None.
ALL = ""


def worded(key: str) -> str:
    """The `key` of a choice widget whose options are shown through a format_func: after a language
    switch it is shown again, in the new words (`retell_choices`). Its "all" option, if it has
    one, is `ALL`, not None."""
    st.session_state.setdefault(_WORDED, set()).add(key)
    return key


def retell_choices() -> None:
    """The language switch's on_change: a value set through session_state is sent to the browser
    again, in the words the next run's format_func gives it (only choice widgets: a button or an
    upload would refuse a value set this way)."""
    for key in st.session_state.get(_WORDED, set()) & set(st.session_state.keys()):
        st.session_state[key] = st.session_state[key]


def placeholder() -> str:
    """What a selectbox or multiselect says when nothing is chosen: Streamlit's own "Choose an
    option" is English on every page."""
    return tr(*PLACEHOLDER)


def explained(help_text: str, *shown: str) -> str:
    """A tooltip with the abbreviations the `shown` texts use spelled out after it ("DVC: dịch vụ
    công"): a card's or column's own glossary, beside the page's line (ui.glossary)."""
    found = [a for a in GLOSSARY if any(a in abbreviations_in(t) for t in shown)]
    if lang() != "vi" or not found:
        return help_text
    return (help_text + "\n\n" if help_text else "") + "  \n".join(f"{a}: {GLOSSARY[a][0]}" for a in found)


def label(metric: str) -> str:
    return (LABELS_VI if lang() == "vi" else LABELS_EN).get(metric, metric)


def short_label(metric: str) -> str:
    """A metric's name as a table header (queries.metrics.SHORT_LABELS)."""
    return tr(*SHORT_LABELS[metric])



# Streamlit renders Markdown in every label, caption, message, radio and slider option, metric
# value and button: data text (unit, file and procedure names, messages quoting them) must pass
# through `md_escape` on its way to any of them. Selectbox options and table cells are plain text.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~:$&=\"'")
_JOINER = "\u2060"  # WORD JOINER: invisible, and breaks what Markdown would otherwise recognise


def md_escape(text) -> str:
    """Data text (unit names, file names…) made inert for Markdown: no formatting, links, images,
    colours, icons, LaTeX or HTML, shown exactly as written. A backslash before punctuation stops
    Markdown syntax; autolinks (`http://`, `www.`, `a@b.vn`) and `:icon:` codes survive backslashes,
    so an invisible word joiner goes after every colon, inside `www.` and before every `@`."""
    out = []
    for c in str(text).replace("\r", ""):
        if c == "@":
            out.append(_JOINER + "@")
        elif c in _MARKDOWN_SPECIAL:
            out.append("\\" + c + (_JOINER if c == ":" else ""))
        else:
            out.append(c)
    escaped = "".join(out)
    lowered = escaped.lower()
    if "www" not in lowered:
        return escaped
    pieces, start = [], 0
    at = lowered.find("www")
    while at != -1:
        pieces.append(escaped[start:at + 3] + _JOINER)
        start = at + 3
        at = lowered.find("www", start)
    return "".join(pieces) + escaped[start:]


def plain(markdown: str) -> str:
    """What a person reads of a text `md_escape` made (for comparisons in tests and logs)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(_JOINER, "")
