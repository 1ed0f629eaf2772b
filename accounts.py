"""Local accounts, roles and the app's settings, in the warehouse (no Streamlit here: the CLI
creates the first admin with this module).

Roles: viewer (reads dashboards) < staff (uploads, undoes own imports) < admin (users,
settings, any undo). Passwords are hashed with argon2id (argon2-cffi); after
`lock_after` failed attempts in a row an account is locked for `lock_minutes`.
"""
from __future__ import annotations

import datetime as dt
import re

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


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError("short_password")
    return _hasher().hash(password)


def _verify(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored:
        _hasher().hash("timing-equaliser")  # an unknown name takes as long as a wrong password
        return False
    try:
        return _hasher().verify(stored, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


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
        "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [name, display_name or name, role, hashed, now, now if hashed else None],
    )
    return name


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


def change_password(con, name: str, old: str, new: str, confirm: str | None = None) -> None:
    """A user changing their own password: the old one must be right (and counts as an attempt)."""
    if confirm is not None and new != confirm:
        raise AccountError("mismatch")
    if len(new or "") < MIN_PASSWORD:
        raise AccountError("short_password")
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
    con.execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, user["username"]])


def unlock(con, name: str) -> None:
    user = _require(con, name)
    con.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [user["username"]])


def authenticate(con, name: str, password: str, now: dt.datetime | None = None) -> dict:
    """The user's row if the password is right; otherwise AccountError (bad_credentials, locked,
    disabled). Failures are counted; `lock_after` in a row lock the account for `lock_minutes`."""
    now = now or _now()
    key = (name or "").strip().lower()
    user = get_user(con, key)
    if user and user["locked_until"] and user["locked_until"] > now:
        minutes = max(1, -(-int((user["locked_until"] - now).total_seconds()) // 60))
        raise AccountError("locked", minutes=minutes)
    if not _verify(user["password_hash"] if user else None, password):
        if user:
            failed = (user["failed_attempts"] or 0) + 1
            locked = None
            if failed >= get_setting(con, "lock_after"):
                locked, failed = now + dt.timedelta(minutes=get_setting(con, "lock_minutes")), 0
            con.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                        [failed, locked, key])
            if locked:
                raise AccountError("locked", minutes=get_setting(con, "lock_minutes"))
        raise AccountError("bad_credentials")
    if user["disabled"]:
        raise AccountError("disabled")
    con.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE username = ?",
                [now, key])
    return {"username": user["username"], "display_name": user["display_name"], "role": user["role"]}


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
    try:
        value = int(str(text).strip())
    except ValueError:
        raise AccountError("bad_value", name=name, value=text) from None
    if value < 1:
        raise AccountError("bad_value", name=name, value=text)
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
