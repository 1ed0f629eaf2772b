"""Local accounts, roles and the app's settings, in the warehouse (no Streamlit here: the CLI
creates the first admin with this module).

Roles: viewer (reads dashboards) < staff (uploads, undoes own imports) < admin (users,
settings, any undo). Passwords are hashed with argon2id (argon2-cffi) after NFC normalisation
(a Vietnamese password typed on a Mac arrives decomposed); after `lock_after` failed attempts
in a row an account is locked for `lock_minutes`, and a name with no account answers the same.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import unicodedata

ROLES = ("viewer", "staff", "admin")
ROLE_LABELS = {"viewer": ("Người xem", "Viewer"), "staff": ("Cán bộ nhập liệu", "Staff"),
               "admin": ("Quản trị", "Administrator")}
MIN_PASSWORD = 8
_NAME = re.compile(r"^[a-z0-9._@+-]{2,64}$")

# Settings stored in `meta` as `setting.<name>`; values are text, read through these types.
SETTINGS = {
    "require_sign_in": (bool, False, ("Người xem phải đăng nhập", "Viewers must sign in")),
    "max_upload_mb": (int, 200, ("Giới hạn dung lượng mỗi tệp tải lên (MB)", "Upload size limit per file (MB)")),
    "lock_after": (int, 5, ("Khóa tài khoản sau số lần nhập sai mật khẩu", "Lock an account after failed attempts")),
    "lock_minutes": (int, 15, ("Thời gian khóa (phút)", "Lock duration (minutes)")),
}
# What each number may be: beyond these a setting is refused (99999999999 minutes overflowed
# the lock's timestamp, so the account never locked).
BOUNDS = {"max_upload_mb": (1, 2048), "lock_after": (1, 100), "lock_minutes": (1, 10080)}

MESSAGES = {
    "bad_credentials": ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."),
    "locked": ("Tài khoản tạm khóa do nhập sai nhiều lần; thử lại sau {minutes} phút.",
               "The account is locked after repeated failures; try again in {minutes} minutes."),
    "disabled": ("Tài khoản đã bị vô hiệu hóa.", "The account is disabled."),
    "bad_name": ("Tên đăng nhập chỉ gồm chữ không dấu, số và . _ @ + - (2–64 ký tự).",
                 "A user name has 2–64 letters, digits or . _ @ + -."),
    "bad_role": ("Vai trò phải là viewer, staff hoặc admin.", "The role must be viewer, staff or admin."),
    "exists": ("Tài khoản «{name}» đã có.", "The account '{name}' already exists."),
    "unknown": ("Không có tài khoản «{name}».", "No account '{name}'."),
    "short_password": (f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.", f"A password needs at least {MIN_PASSWORD} characters."),
    "blank_password": ("Mật khẩu không được chỉ gồm dấu cách.", "A password cannot be only spaces."),
    "out_of_range": ("«{name}» phải là số từ {low} đến {high} (nhận được: {value}).",
                     "'{name}' must be a number from {low} to {high} (got: {value})."),
    "mismatch": ("Hai lần nhập mật khẩu không khớp.", "The two passwords differ."),
    "bad_setting": ("Không có thiết lập «{name}».", "No setting '{name}'."),
    "bad_value": ("Giá trị không hợp lệ cho «{name}»: {value}", "Invalid value for '{name}': {value}"),
    "last_admin": ("Không thể bỏ quyền của quản trị viên cuối cùng.", "Cannot demote or disable the last administrator."),
}


class AccountError(Exception):
    """A refusal with a reason code and the message in both languages."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        vi, en = MESSAGES[reason]
        self.message_vi, self.message_en = vi.format(**params), en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's recommended parameters


def _nfc(password: str | None) -> str:
    return unicodedata.normalize("NFC", password or "")


def check_new_password(password: str | None) -> str:
    """The password as it will be hashed (NFC), or AccountError if it is too weak to keep."""
    password = _nfc(password)
    if password and not password.strip():
        raise AccountError("blank_password")
    if len(password) < MIN_PASSWORD:
        raise AccountError("short_password")
    return password


def hash_password(password: str) -> str:
    return _hasher().hash(check_new_password(password))


def _verify(stored: str | None, password: str) -> tuple[bool, bool]:
    """(right, rehash): the password as typed, NFC-normalised; hashes made before normalisation
    also match the raw text once, and are then replaced (`rehash`)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored:
        _hasher().hash("timing-equaliser")  # an unknown name takes as long as a wrong password
        return False, False
    for candidate, rehash in ((_nfc(password), False), (password or "", True)):
        if rehash and candidate == _nfc(password):
            break
        try:
            if _hasher().verify(stored, candidate):
                return True, rehash or _hasher().check_needs_rehash(stored)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
    return False, False


def clean_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not _NAME.match(name):
        raise AccountError("bad_name")
    return name


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def user_count(con, role: str | None = None) -> int:
    sql = "SELECT count(*) FROM users WHERE NOT disabled" + (" AND role = ?" if role else "")
    return con.execute(sql, [role] if role else []).fetchall()[0][0]


def get_user(con, name: str) -> dict | None:
    cur = con.execute("SELECT * FROM users WHERE username = ?", [(name or "").strip().lower()])
    row = cur.fetchall()
    return dict(zip([d[0] for d in cur.description], row[0])) if row else None


def list_users(con) -> list[dict]:
    cur = con.execute(
        "SELECT username, display_name, role, disabled, locked_until, failed_attempts, created_at, last_login_at "
        "FROM users ORDER BY username"
    )
    return [dict(zip([d[0] for d in cur.description], r)) for r in cur.fetchall()]


def add_user(con, name: str, role: str, password: str | None, display_name: str | None = None) -> str:
    """Create an account; `password` None makes an SSO-only account (role mapping only)."""
    name = clean_name(name)
    if role not in ROLES:
        raise AccountError("bad_role")
    if get_user(con, name):
        raise AccountError("exists", name=name)
    hashed = hash_password(password) if password is not None else None
    now = _now()
    con.execute(
        "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at, sso) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [name, display_name or name, role, hashed, now, now if hashed else None, hashed is None],
    )
    return name


def get_sso_user(con, email: str) -> dict | None:
    """The account made for this SSO e-mail (`user add … --sso`); a local account never matches."""
    cur = con.execute("SELECT * FROM users WHERE username = ? AND sso", [(email or "").strip().lower()])
    row = cur.fetchall()
    return dict(zip([d[0] for d in cur.description], row[0])) if row else None


def _require(con, name: str) -> dict:
    user = get_user(con, name)
    if not user:
        raise AccountError("unknown", name=name)
    return user


def set_password(con, name: str, password: str) -> None:
    _require(con, name)
    con.execute(
        "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, locked_until = NULL "
        "WHERE username = ?",
        [hash_password(password), _now(), name.strip().lower()],
    )
    end_sessions(con, name)  # a new password signs out every browser that knew the old one


def change_password(con, name: str, old: str, new: str, confirm: str | None = None) -> None:
    """A user changing their own password: the old one must be right (and counts as an attempt)."""
    if confirm is not None and _nfc(new) != _nfc(confirm):
        raise AccountError("mismatch")
    check_new_password(new)
    authenticate(con, name, old)  # raises (and counts a failure) when wrong
    set_password(con, name, new)


def _check_not_last_admin(con, user: dict) -> None:
    if user["role"] == "admin" and not user["disabled"] and user_count(con, "admin") <= 1:
        raise AccountError("last_admin")


def set_role(con, name: str, role: str) -> None:
    if role not in ROLES:
        raise AccountError("bad_role")
    user = _require(con, name)
    if role != "admin":
        _check_not_last_admin(con, user)
    con.execute("UPDATE users SET role = ? WHERE username = ?", [role, user["username"]])


def set_disabled(con, name: str, disabled: bool) -> None:
    user = _require(con, name)
    if disabled:
        _check_not_last_admin(con, user)
        end_sessions(con, user["username"])
    con.execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, user["username"]])


def unlock(con, name: str) -> None:
    user = _require(con, name)
    con.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [user["username"]])


# Sign-ins are checked one at a time per name: reading the lock, checking the password and
# counting the failure happen under one lock (DuckDB lets only this process write the file, so
# a process-wide lock is enough), so twenty parallel guesses are counted twenty times and the
# account locks after exactly `lock_after`. A pool of locks keyed by a hash of the name: a
# flood of invented names cannot make the pool grow.
_LOCKS = tuple(threading.Lock() for _ in range(64))
# Failures for names that have no account, so that they lock exactly like real ones (otherwise
# "locked" would tell an attacker which names exist). In memory, bounded.
_UNKNOWN: dict[str, tuple[int, dt.datetime | None]] = {}
_UNKNOWN_LIMIT = 10_000


def _lock_for(key: str) -> threading.Lock:
    return _LOCKS[hashlib.sha256(key.encode("utf-8")).digest()[0] % len(_LOCKS)]


def _remember_unknown(key: str, failed: int, locked: dt.datetime | None, now: dt.datetime) -> None:
    if len(_UNKNOWN) >= _UNKNOWN_LIMIT and key not in _UNKNOWN:
        for k in [k for k, (_, until) in _UNKNOWN.items() if not until or until <= now][: _UNKNOWN_LIMIT // 2]:
            del _UNKNOWN[k]
        if len(_UNKNOWN) >= _UNKNOWN_LIMIT:
            _UNKNOWN.clear()
    _UNKNOWN[key] = (failed, locked)


def authenticate(con, name: str, password: str, now: dt.datetime | None = None) -> dict:
    """The user's row if the password is right; otherwise AccountError (bad_credentials, locked,
    disabled). Failures are counted; `lock_after` in a row lock the account for `lock_minutes`.
    A name with no account gets the same answers after the same number of attempts."""
    now = now or _now()
    key = (name or "").strip().lower()
    with _lock_for(key):
        user = get_user(con, key)
        _, locked_until = (user["failed_attempts"], user["locked_until"]) if user else _UNKNOWN.get(key, (0, None))
        if locked_until and locked_until > now:
            minutes = max(1, -(-int((locked_until - now).total_seconds()) // 60))
            raise AccountError("locked", minutes=minutes)
        right, rehash = _verify(user["password_hash"] if user else None, password)
        if not right:
            lock_after, lock_minutes = get_setting(con, "lock_after"), get_setting(con, "lock_minutes")
            until = now + dt.timedelta(minutes=lock_minutes)
            if user:  # one statement: the count and the lock move together
                locked = con.execute(
                    "UPDATE users SET failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 "
                    "ELSE failed_attempts + 1 END, locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? END "
                    "WHERE username = ? RETURNING locked_until", [lock_after, lock_after, until, key],
                ).fetchall()[0][0]
            else:
                failed = _UNKNOWN.get(key, (0, None))[0] + 1
                locked = until if failed >= lock_after else None
                _remember_unknown(key, 0 if locked else failed, locked, now)
            if locked:
                raise AccountError("locked", minutes=lock_minutes)
            raise AccountError("bad_credentials")
        if user["disabled"]:
            raise AccountError("disabled")
        if rehash:
            con.execute("UPDATE users SET password_hash = ? WHERE username = ?", [_hasher().hash(_nfc(password)), key])
        con.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE username = ?",
                    [now, key])
    return {"username": user["username"], "display_name": user["display_name"], "role": user["role"]}


# ---- remembered sign-ins ---------------------------------------------------------------------------
#
# A local sign-in survives a page reload: the browser keeps a random token in a cookie and the
# database keeps only its SHA-256, the user and an expiry. Signing out, a new password or a
# disabled account ends it; the account is read again on every use (role, disabled).

SESSION_HOURS = 12
SESSION_COOKIE = "cchc_session"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session(con, username: str, now: dt.datetime | None = None) -> str:
    """A fresh token for `username`'s browser (expired tokens of anyone are dropped here too)."""
    now = now or _now()
    token = secrets.token_urlsafe(32)
    con.execute("DELETE FROM sign_in_sessions WHERE expires_at <= ?", [now])
    con.execute("INSERT INTO sign_in_sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                [_token_hash(token), username, now, now + dt.timedelta(hours=SESSION_HOURS)])
    return token


def session_user(con, token: str | None, now: dt.datetime | None = None) -> dict | None:
    """The signed-in account a cookie's token stands for, or None (unknown, expired, disabled)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    rows = con.execute(
        "SELECT u.username, u.display_name, u.role FROM sign_in_sessions s JOIN users u USING (username) "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled", [_token_hash(token), now or _now()],
    ).fetchall()
    return dict(zip(("username", "display_name", "role"), rows[0])) if rows else None


def end_session(con, token: str | None) -> None:
    if token:
        con.execute("DELETE FROM sign_in_sessions WHERE token_hash = ?", [_token_hash(token)])


def end_sessions(con, username: str) -> None:
    con.execute("DELETE FROM sign_in_sessions WHERE username = ?", [(username or "").strip().lower()])


# ---- settings ---------------------------------------------------------------------------------

def _parse(name: str, text: str):
    typ = SETTINGS[name][0]
    if typ is bool:
        folded = str(text).strip().lower()
        if folded in ("1", "true", "yes", "on", "co", "có"):
            return True
        if folded in ("0", "false", "no", "off", "khong", "không"):
            return False
        raise AccountError("bad_value", name=name, value=text)
    low, high = BOUNDS.get(name, (1, 2**31 - 1))
    try:
        value = int(str(text).strip())
    except ValueError:
        raise AccountError("out_of_range", name=name, value=str(text)[:40], low=low, high=high) from None
    if not low <= value <= high:
        raise AccountError("out_of_range", name=name, value=str(text)[:40], low=low, high=high)
    return value


def get_setting(con, name: str):
    if name not in SETTINGS:
        raise AccountError("bad_setting", name=name)
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [f"setting.{name}"]).fetchall()
    if not rows:
        return SETTINGS[name][1]
    try:
        return _parse(name, rows[0][0])
    except AccountError:
        return SETTINGS[name][1]


def settings(con) -> dict:
    return {name: get_setting(con, name) for name in SETTINGS}


def set_setting(con, name: str, value) -> None:
    if name not in SETTINGS:
        raise AccountError("bad_setting", name=name)
    parsed = _parse(name, value if not isinstance(value, bool) else ("1" if value else "0"))
    from warehouse import set_meta

    set_meta(con, f"setting.{name}", str(int(parsed)) if isinstance(parsed, bool) else str(parsed))
