"""Downloads (`/media/…`) only for signed-in browsers when viewers must sign in (serve.py)."""
from __future__ import annotations

import logging
import time
from http.cookies import CookieError, SimpleCookie

MESSAGE = ("Cần đăng nhập để tải tệp này. / Signing in is required to download this file.").encode("utf-8")
_CACHE_SECONDS = 5.0
log = logging.getLogger(__name__)


class MediaGate:
    """ASGI middleware in front of Streamlit: a request for a media file is refused (403) unless
    sign-in is not required, or its cookies carry a live local sign-in or a valid SSO sign-in."""

    active = False  # app.py tells administrators when the app runs without it

    def __init__(self, app):
        self.app = app
        self._required: tuple[float, bool] | None = None
        MediaGate.active = True

    async def __call__(self, scope, receive, send):
        if scope.get("type") == "http" and _is_download(scope.get("path", "")) and not self.allowed(scope):
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"cache-control", b"no-store")]})
            await send({"type": "http.response.body", "body": MESSAGE})
            return
        await self.app(scope, receive, send)

    def allowed(self, scope) -> bool:
        try:
            if not self.sign_in_required():
                return True
            cookies = _cookies(scope)
            return _local_sign_in(cookies) or _sso_sign_in(cookies)
        except Exception as e:
            # A database that cannot be read, a cookie Streamlit's reader rejects, that reader moved
            # by an upgrade: the download is refused (never served to anyone), and the reason logged
            # for the administrator, as the person only sees "signing in is required".
            log.warning("media request refused: %s: %s", type(e).__name__, e)
            return False

    def sign_in_required(self) -> bool:
        """The setting, read at most every few seconds (each media request would open the database)."""
        now = time.monotonic()
        if self._required is None or now - self._required[0] > _CACHE_SECONDS:
            from auth import accounts
            import warehouse

            with warehouse.session(read_only=True, wait=5, create=False) as con:
                required = bool(accounts.get_setting(con, "require_sign_in")) and (
                    accounts.user_count(con) > 0 or _sso_configured())
            self._required = (now, required)
        return self._required[1]


def _is_download(path: str) -> bool:
    """A request that may reach Streamlit's media files. Not Streamlit's own static files
    (`/static/media/…`: the text and icon fonts), which the static route serves from its folder:
    refused, a sign-in page (and, while a first start made the database, every page) drew icons as
    their names ("keyboard_double_arrow_left") in a fallback font."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return "/media/" in path and not path.startswith(f"/{base}/static/" if base else "/static/")


def _cookies(scope) -> dict[str, str]:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def _local_sign_in(cookies: dict) -> bool:
    from auth import accounts
    import warehouse

    token = cookies.get(accounts.SESSION_COOKIE)
    if not token:
        return False
    with warehouse.session(read_only=True, wait=5, create=False) as con:
        return accounts.session_user(con, token) is not None


def _sso_configured() -> bool:
    from streamlit.runtime.secrets import secrets_singleton

    # Streamlit's probe returns False for a missing or unreadable secrets.toml; anything else it
    # raises reaches MediaGate.allowed, which refuses the download (rather than deciding that
    # sign-in is not required because the secrets could not be read).
    return secrets_singleton.load_if_toml_exists() and "auth" in secrets_singleton


def _sso_sign_in(cookies: dict) -> bool:
    """Streamlit's own signed SSO cookie (`st.login`), checked with its secret by Streamlit's own
    reader. That reader is internal: should a Streamlit upgrade move it, downloads are refused
    (noticed at once) rather than served to anyone."""
    if not _sso_configured():
        return False
    import json

    from streamlit.web.server.starlette.starlette_websocket import _get_signed_cookie_with_chunks

    decoded = _get_signed_cookie_with_chunks(cookies, "_streamlit_user")
    return bool(decoded) and bool(json.loads(decoded).get("is_logged_in"))
