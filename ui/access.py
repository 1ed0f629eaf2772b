"""Who is using the app and what they may do: sign-in (local accounts or the province's SSO
through Streamlit's `st.login`), roles, and refusing pages a role may not use.

Roles: viewer < staff < admin. Without an account (or with the demo start, before any
account exists) a person is anonymous: they read the dashboards unless the setting
`require_sign_in` is on and someone could sign in (an account exists, or SSO is configured).
"""
from __future__ import annotations

import logging
import re

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from auth import accounts, media_gate
from ui.session import reader, writer
from ui.text import md_escape, tr

log = logging.getLogger(__name__)
RANK = {None: 0, "viewer": 1, "staff": 2, "admin": 3}
DEFAULT_ROLE_CLAIM = "cchc_role"


def sso_configured() -> bool:
    """True when the deployment has an `[auth]` section in its secrets (OIDC). No secrets file is
    the usual case (local accounts only); a secrets file that cannot be read is said in the log."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError) as e:
        _secrets_unreadable(e)
        return False


def sso_option(name: str, default=None):
    try:
        return st.secrets.get("cchc", {}).get(name, default)
    except (FileNotFoundError, StreamlitSecretNotFoundError) as e:
        _secrets_unreadable(e)
        return default


def _secrets_unreadable(e: Exception) -> None:
    if "No secrets" not in str(e) and "not found" not in str(e).lower():
        log.warning("secrets.toml could not be read, signing in by SSO is off: %s", e)


def _state() -> dict:
    """Users and settings, read once per script run (they are small and change rarely)."""
    if "_access_state" not in st.session_state:
        with reader() as con:
            st.session_state["_access_state"] = {"admins": accounts.user_count(con, "admin"),
                                                 "users": accounts.user_count(con),
                                                 "settings": accounts.settings(con)}
    return st.session_state["_access_state"]


def settings() -> dict:
    """The administration settings (accounts.SETTINGS), as read for this run."""
    return _state()["settings"]


def new_run() -> None:
    """Forget the per-run cache (app.py calls this at the start of every run)."""
    st.session_state.pop("_access_state", None)


def setting(name: str):
    return settings()[name]


def _verified_email(user) -> str | None:
    """The token's e-mail when the provider vouches for it (`email_verified`), else None: an
    unverified address is only what the person typed, and must not match an account."""
    email = (user.get("email") or "").strip().lower()
    return email if email and user.get("email_verified") in (True, "true", "True", 1) else None


def _sso_user() -> dict | None:
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = _verified_email(user)
    row = None
    if email:
        with reader() as con:  # only accounts made for SSO match; a local name never does
            row = accounts.get_sso_user(con, email)
    if row and row["disabled"]:
        return None  # disabled means disabled, whatever role the token claims
    claim = user.get(sso_option("role_claim", DEFAULT_ROLE_CLAIM))
    claims = claim if isinstance(claim, (list, tuple)) else [claim]
    roles = [r for r in claims if r in accounts.ROLES]
    role = max(roles, key=RANK.get) if roles else (row["role"] if row else None)
    # Without a verified e-mail the name is the provider's subject, marked so that it can never
    # be taken for a local account's name (imports and undo go by user name).
    name = email or f"sso:{(user.get('sub') or user.get('preferred_username') or '').strip()}"
    return {"username": name, "display_name": user.get("name") or name, "role": role or "viewer", "source": "sso"}


def sso_disabled() -> bool:
    """Signed in with SSO, but the matching account is disabled (the sign-in page says so)."""
    user = st.user
    if not sso_configured() or not user.get("is_logged_in"):
        return False
    email = _verified_email(user)
    if not email:
        return False
    with reader() as con:
        row = accounts.get_sso_user(con, email)
    return bool(row and row["disabled"])


def current_user() -> dict | None:
    """The signed-in person ({username, display_name, role, source}) or None."""
    if sso_configured():
        return _sso_user()
    account = st.session_state.get("_account") or _from_cookie()
    if account is None:
        return None
    token = st.session_state.get("_session_token")
    with reader() as con:  # a disabled or demoted account, a changed password: effective at once
        row = accounts.session_user(con, token)
    if row is None:
        st.session_state.pop("_account", None)
        st.session_state.pop("_session_token", None)
        return None
    return {**account, "role": row["role"], "source": "local"}


# ---- a local sign-in kept across reloads ------------------------------------------------------------
#
# Streamlit forgets a session on reload; the browser keeps a random token in a cookie
# (SameSite=Strict, Secure over HTTPS, 12 hours) that accounts.session_user turns back into the
# account. The cookie is set by a line of script because Streamlit cannot send response
# headers, so it cannot be HttpOnly: nothing the app shows is ever rendered as HTML or script
# (ui.text.md_escape, html.escape), which is what keeps other script from reading it.

COOKIE = accounts.SESSION_COOKIE


def _from_cookie() -> dict | None:
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token or st.session_state.get("_cookie_refused") == token:
        return None
    with reader() as con:
        user = accounts.session_user(con, token)
    if user is None:
        st.session_state["_cookie_refused"] = token  # ask the database once per session, not every run
        return None
    st.session_state["_account"], st.session_state["_session_token"] = user, token
    return user


def sign_in(con, user: dict) -> None:
    """Start a signed-in session for `user` (after accounts.authenticate), remembered by the browser."""
    st.session_state["_account"] = user
    st.session_state["_session_token"] = accounts.new_session(con, user["username"])
    st.session_state.pop("_cookie_clear", None)
    new_run()


def sign_out() -> None:
    token = st.session_state.pop("_session_token", None)
    if token:
        with writer() as con:
            accounts.end_session(con, token)
    st.session_state.pop("_account", None)
    st.session_state["_cookie_clear"] = True
    new_run()


def keep_cookie() -> None:
    """Every run: the browser's cookie follows the session (set while signed in, cleared after)."""
    token = st.session_state.get("_session_token")
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    if token and re.fullmatch(r"[A-Za-z0-9_-]{20,100}", token):
        value, age = token, accounts.SESSION_HOURS * 3600
    elif st.session_state.get("_cookie_clear"):
        value, age = "", 0
    else:
        return
    st.sidebar.html(f"<script>document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict{secure}';"
                    "</script>", unsafe_allow_javascript=True)


def role() -> str | None:
    user = current_user()
    return user["role"] if user else None


def can_sign_in() -> bool:
    """Someone could sign in: SSO is configured or a local account exists."""
    return sso_configured() or _state()["users"] > 0


def sign_in_required() -> bool:
    """Viewers must sign in: the setting is on and signing in is possible at all."""
    return bool(setting("require_sign_in")) and can_sign_in()


def may(min_role: str) -> bool:
    """Whether the current person has at least `min_role` ('viewer' passes anonymous readers
    when the dashboards are public)."""
    r = role()
    if min_role == "viewer" and r is None:
        return not sign_in_required()
    return RANK[r] >= RANK[min_role]


def require(min_role: str) -> None:
    """Refuse the rest of the page when the role is not enough (a page reached by its URL)."""
    if may(min_role):
        return
    needed = {"viewer": ("đăng nhập", "signing in"), "staff": ("quyền cán bộ nhập liệu", "the staff role"),
              "admin": ("quyền quản trị", "the admin role")}[min_role]
    st.error(tr(f"Trang này cần {needed[0]}.", f"This page needs {needed[1]}."), icon="🔒")
    if role() is None and can_sign_in():
        st.info(tr("Hãy đăng nhập ở trang «Đăng nhập» trong thanh bên.", "Sign in on the 'Sign in' page in the sidebar."))
    st.stop()


def first_admin_hint() -> None:
    """The demo start: no account yet, so say how to create the first admin."""
    if sso_configured() or _state()["users"] > 0:
        return
    st.sidebar.info(tr(
        "Chế độ chỉ xem: chưa có tài khoản quản trị. Tạo quản trị viên đầu tiên trên máy chủ bằng lệnh  \n"
        "`python cli.py user add TÊN --role admin`",
        "Read-only mode: no administrator account yet. Create the first one on the server with  \n"
        "`python cli.py user add NAME --role admin`",
    ))


def unguarded_downloads_hint() -> None:
    """An administrator of a server started with `streamlit run app.py` while viewers must sign in:
    download links would then work for anyone holding them (serve.py closes that)."""
    if sign_in_required() and not media_gate.MediaGate.active and may("admin"):
        st.sidebar.warning(tr(
            "Tệp tải xuống chưa được bảo vệ bằng đăng nhập: hãy chạy máy chủ bằng "
            "`python3 -m streamlit run serve.py`.",
            "Downloads are not protected by sign-in: start the server with `python3 -m streamlit run serve.py`."))


def sidebar_account() -> None:
    """Who is signed in, in the sidebar."""
    user = current_user()
    if user:
        label = accounts.ROLE_LABELS[user["role"]]
        st.sidebar.caption(f"{tr('Đang đăng nhập', 'Signed in')}: {md_escape(user['display_name'])} · {tr(*label)}")
