"""The map's drawing code fetched while the reader is still on the first page (serve.py).

Streamlit loads the code that draws a map (deck.gl, a 3 MB script and its stylesheet) only when a
page first shows one. On a browser that has not opened the map before, that load came after the
click: on this project's benchmark machine it was about a second of the 2 s between clicking
"Bản đồ thể chế" and the map on screen, while the Python side was busy drawing the same page.
This middleware adds a few lines to the app's HTML page that, once the first page has been drawn
and the browser is idle, load that code (from this server, never the internet) so that the
map opens as fast as every other page.

It relies on how Streamlit names its bundled files (`static/js/DeckGlJsonChart.<hash>.js`): if
an upgrade renames them, nothing is added and the map simply loads as before.
"""
from __future__ import annotations

import json
from pathlib import Path

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"
DELAY_MS = 1500  # after the first page's own requests and drawing


def deck_files() -> tuple[str, ...]:
    """The deck.gl chart's script and stylesheet, relative to the app's HTML page ("" if absent)."""
    found = []
    for folder, suffix in (("js", ".js"), ("css", ".css")):
        hits = sorted((STATIC / "static" / folder).glob(f"DeckGlJsonChart.*{suffix}"))
        found.append(f"./static/{folder}/{hits[0].name}" if len(hits) == 1 else "")
    return tuple(found)


def snippet(script: str, stylesheet: str) -> bytes:
    """The lines added before </head>: when the page is idle, import the script and attach the
    stylesheet (the one Streamlit would attach when the map is first shown). `<html
    data-map-code="ready">` once the script has loaded (the benchmark and the test wait for it)."""
    if not script:
        return b""
    return ("<script type=\"module\">"
            "const warm=()=>{import(" + json.dumps(script) + ").then(()=>{document.documentElement.dataset.mapCode='ready'})"
            ".catch(()=>{});"
            + ("" if not stylesheet else
               "const l=document.createElement('link');l.rel='stylesheet';l.href=" + json.dumps(stylesheet)
               + ";document.head.appendChild(l);")
            + "};addEventListener('load',()=>setTimeout(()=>('requestIdleCallback' in window)"
            "?requestIdleCallback(warm,{timeout:5000}):warm()," + str(DELAY_MS) + "));"
            "</script>").encode()


class MapCodePreload:
    """ASGI middleware: the app's HTML page gets the snippet; every other response passes untouched."""

    def __init__(self, app):
        self.app = app
        self.extra = snippet(*deck_files())

    async def __call__(self, scope, receive, send):
        if not self.extra or scope.get("type") != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def edit(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers and message.get("status") == 200:
                    start = message  # held until the whole page is read
                    return
                await send(message)
            elif start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body).replace(b"</head>", self.extra + b"</head>", 1)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, edit)
