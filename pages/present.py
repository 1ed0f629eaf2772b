"""Trình chiếu (Presentation mode): a full-screen slide show for the meeting room.

`?mode=present` opens it with nothing else on screen (app.py shows this page alone and the CSS
below hides the sidebar and toolbar). Period and scope come from the URL as on every page
(`period=…&kind=…&unit=…`), `every=20` sets the seconds per slide, `theme=dark` the dark theme.
A fragment re-reads the data version every few seconds: a new import re-renders the slides, and
the show carries on from the slide it was on, now with the new figures."""
import streamlit as st

import ui
from reports import briefing
from reports import present
from ui import access

REFRESH_SECONDS = 10  # how often the show looks for a new import
EVERY_DEFAULT, EVERY_MIN, EVERY_MAX = 20, 3, 600

if st.query_params.get("mode") != "present":
    # from the navigation: switch to the full-screen mode, keeping the view's period and scope
    st.query_params["mode"] = "present"
    st.rerun()

f = ui.filters()
try:
    every = min(max(int(st.query_params.get("every", EVERY_DEFAULT)), EVERY_MIN), EVERY_MAX)
except ValueError:
    every = EVERY_DEFAULT
theme = "dark" if st.query_params.get("theme") == "dark" else "light"
lang = ui.lang()
background = "#000000" if theme == "dark" else "#FFFFFF"

# App-generated CSS only: nothing of Streamlit's own chrome on screen, the show's frame fills it.
st.html(f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebarNav"], footer {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {background} !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: 100% !important; }}
iframe {{ position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important;
          border: 0 !important; z-index: 999990; background: {background}; }}
</style>""")


@st.cache_data(show_spinner=False, max_entries=64)
def _show(path: str, version: int, period, kind, unit, lang_: str, every_: int, theme_: str) -> str:
    """The show's HTML for one data version and view (built from the metric engine's figures)."""
    with ui.reader() as con:
        b = briefing.build(con, period, kind=kind, unit=unit, lang=lang_)
        extra = [("map", present.map_slide(con, period, unit, lang_))] if kind != "department" else []
    return present.page(b, every=every_, theme=theme_, extra=extra, version=version)


@st.fragment(run_every=REFRESH_SECONDS)
def show() -> None:
    # A show can run for hours: whether this person may still see it is asked again at every
    # refresh, from the database (an account disabled, sign-in made compulsory), not the page's copy.
    access.new_run()
    if not access.may("viewer"):
        st.rerun(scope="app")  # the app draws its gate again: the sign-in page, no figures
    version = ui.refresh_version()
    st.iframe(_show(ui.prepare(), version, f.period, f.kind, f.unit, lang, every, theme), height=1000)


show()
