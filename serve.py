"""Serve the dashboard: `python3 -m streamlit run serve.py`.

The app itself is app.py; this entry adds one guard Streamlit's own server lacks: a download
(`/media/…`, the CSV, XLSX, PPTX and PDF files the pages hand out) is only served to a browser
that is signed in whenever viewers must sign in (see access.media_allowed). Streamlit keeps those
files at unguessable addresses for the life of the session, but anyone holding an address could
fetch it without signing in. `streamlit run app.py` still works, without this guard.

It also loads the map's drawing code in the background once the first page is drawn (preload.py),
so that the institutional map and the national view open as fast as the other pages.
"""
import streamlit as st
from starlette.middleware import Middleware

from auth.media_gate import MediaGate
from preload import MapCodePreload

app = st.App("app.py", middleware=[Middleware(MediaGate), Middleware(MapCodePreload)])
