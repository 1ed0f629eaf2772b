"""Sign-in under attack (issue 11, items 9, 10, 13): parallel guesses, names that do not exist,
blank and decomposed passwords, settings out of range, SSO tokens that claim too much."""
from __future__ import annotations

import datetime as dt
import threading
import unicodedata

import pytest

import warehouse
from auth import accounts
from tests.conftest import cli


@pytest.fixture
def accounts_db(tmp_path):
    db = tmp_path / "accounts.duckdb"
    with warehouse.session(db) as con:
        accounts.add_user(con, "canbo", "staff", "mat-khau-dung")
        accounts.add_user(con, "quantri", "admin", "mat-khau-quan-tri")
    return db


def attempt_in_parallel(db, name: str, password: str, n: int) -> list[str]:
    """`n` sign-ins started together, each on its own connection (as n browser sessions are)."""
    start = threading.Barrier(n)
    outcomes: list[str] = []

    def one():
        con = warehouse.connect(db)
        try:
            start.wait()
            accounts.authenticate(con, name, password)
            outcomes.append("ok")
        except accounts.AccountError as e:
            outcomes.append(e.reason)
        except Exception as e:  # before: "Conflict on update!" from concurrent read-then-write
            outcomes.append(f"error: {e}")
        finally:
            con.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


# ---- item 9: the lockout cannot be raced ------------------------------------------------------------

def test_twenty_parallel_wrong_passwords_are_counted_and_lock_after_exactly_five(accounts_db):
    outcomes = attempt_in_parallel(accounts_db, "canbo", "sai-mat-khau", 20)
    assert sorted(set(outcomes)) == ["bad_credentials", "locked"], outcomes
    assert outcomes.count("bad_credentials") == 4  # the fifth wrong answer locks: exactly lock_after checked
    assert outcomes.count("locked") == 16
    with warehouse.session(accounts_db) as con:
        with pytest.raises(accounts.AccountError) as refused:
            accounts.authenticate(con, "canbo", "mat-khau-dung")  # even the right password
        assert refused.value.reason == "locked"
        user = accounts.get_user(con, "canbo")
        assert user["locked_until"] > dt.datetime.now() + dt.timedelta(minutes=14)


def test_parallel_right_passwords_all_succeed_without_conflicts(accounts_db):
    assert attempt_in_parallel(accounts_db, "canbo", "mat-khau-dung", 12) == ["ok"] * 12


# ---- item 13: the small ones -------------------------------------------------------------------------

def test_an_unknown_name_locks_like_a_real_one(accounts_db):
    answers = {}
    for name in ("canbo", "khong-ton-tai"):
        with warehouse.session(accounts_db) as con:
            seen = []
            for _ in range(7):
                try:
                    accounts.authenticate(con, name, "sai-mat-khau")
                except accounts.AccountError as e:
                    seen.append((e.reason, e.message_vi, e.message_en))
            answers[name] = seen
    assert answers["canbo"] == answers["khong-ton-tai"]  # the same words after the same attempts
    assert [a[0] for a in answers["canbo"]] == ["bad_credentials"] * 4 + ["locked"] * 3


@pytest.mark.parametrize("password", [" " * 8, "\t" * 10, "\u3000" * 8])
def test_a_password_of_only_spaces_is_refused(accounts_db, password):
    with warehouse.session(accounts_db) as con:
        with pytest.raises(accounts.AccountError) as refused:
            accounts.add_user(con, "moi", "viewer", password)
        assert refused.value.reason == "blank_password" and "dấu cách" in refused.value.message_vi
        with pytest.raises(accounts.AccountError):
            accounts.set_password(con, "canbo", password)


def test_a_decomposed_vietnamese_password_matches_when_typed_composed(accounts_db):
    typed = "Mật khẩu tiếng Việt"
    with warehouse.session(accounts_db) as con:
        accounts.set_password(con, "canbo", unicodedata.normalize("NFD", typed))  # set on a Mac
        assert accounts.authenticate(con, "canbo", unicodedata.normalize("NFC", typed))["role"] == "staff"
        assert accounts.authenticate(con, "canbo", unicodedata.normalize("NFD", typed))["role"] == "staff"


def test_a_hash_made_before_normalisation_still_matches_and_is_replaced(accounts_db):
    from argon2 import PasswordHasher

    nfd = unicodedata.normalize("NFD", "Mật khẩu cũ đã lâu")
    with warehouse.session(accounts_db) as con:
        con.execute("UPDATE users SET password_hash = ? WHERE username = 'canbo'", [PasswordHasher().hash(nfd)])
        assert accounts.authenticate(con, "canbo", nfd)["username"] == "canbo"  # typed as before
        assert accounts.authenticate(con, "canbo", unicodedata.normalize("NFC", nfd))["username"] == "canbo"


@pytest.mark.parametrize("name, value", [("lock_minutes", "99999999999"), ("lock_minutes", "0"),
                                         ("lock_after", "1000"), ("max_upload_mb", "4096"),
                                         ("lock_after", "9" * 5000), ("lock_after", "năm")])
def test_settings_out_of_range_are_refused_in_both_languages(accounts_db, name, value):
    proc = cli("--db", accounts_db, "setting", name, value, check=False)
    assert proc.returncode == 1 and "phải là số từ" in proc.stderr and "must be a number from" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    with warehouse.session(accounts_db) as con:
        assert accounts.get_setting(con, name) == accounts.SETTINGS[name][1]


def test_the_largest_lock_duration_still_locks(accounts_db):
    cli("--db", accounts_db, "setting", "lock_minutes", "10080")
    with warehouse.session(accounts_db) as con:
        for _ in range(5):
            with pytest.raises(accounts.AccountError):
                accounts.authenticate(con, "canbo", "sai")
        assert accounts.get_user(con, "canbo")["locked_until"] > dt.datetime.now() + dt.timedelta(days=6)


# ---- item 10: SSO tokens cannot claim more than the users table allows -------------------------------

@pytest.fixture
def sso_db(province_db, tmp_path, monkeypatch):
    import shutil

    db = tmp_path / "sso.duckdb"
    shutil.copy(province_db, db)
    monkeypatch.setenv("CCHC_DB", str(db))
    with warehouse.session(db) as con:
        accounts.add_user(con, "sep@tinh.gov.vn", "admin", None)  # SSO account, then disabled
        accounts.add_user(con, "pho@tinh.gov.vn", "admin", None)
        accounts.set_disabled(con, "sep@tinh.gov.vn", True)
        accounts.add_user(con, "canbo1", "staff", "mat-khau-canbo1")  # a local account
    return db


def test_a_disabled_sso_account_gets_nothing_even_with_an_admin_claim(sso_db):
    from tests.conftest import registered, run_app, sso_user

    at = run_app(sso_db, sso_user("admin", "sep@tinh.gov.vn"), sso=True)
    assert "Quản trị" not in registered(at) and "Tải dữ liệu" not in registered(at)
    assert "Tài khoản" not in registered(at)  # not signed in at all
    at.switch_page("pages/sign_in.py").run()
    assert any("vô hiệu hóa" in e.value for e in at.error)


def test_an_unverified_email_does_not_match_an_account(sso_db):
    from tests.conftest import registered, run_app, sso_user

    at = run_app(sso_db, sso_user(None, "pho@tinh.gov.vn", verified=False), sso=True)
    assert "Quản trị" not in registered(at) and "Tổng quan" in registered(at)  # a viewer
    at = run_app(sso_db, sso_user(None, "pho@tinh.gov.vn", verified=True), sso=True)
    assert "Quản trị" in registered(at)  # the same address, verified: the account's admin role


def test_a_token_never_matches_a_local_account_name(sso_db):
    from tests.conftest import registered, run_app, sso_user

    at = run_app(sso_db, sso_user(None, "CANBO1", verified=True), sso=True)
    assert "Tải dữ liệu" not in registered(at)  # before: staff `canbo1`
    at.switch_page("pages/account.py").run()
    assert not any("canbo1" == w.value for w in at.markdown)
