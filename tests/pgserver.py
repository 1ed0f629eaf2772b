"""A throwaway PostgreSQL server for tests and benchmarks: a cluster made with `initdb` in a
private temporary folder, listening on 127.0.0.1 at a free port and on a unix socket in that
folder, stopped and deleted at the end.

Debian's `postgresql` package puts initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, not on
PATH; both places are looked in. PostgreSQL refuses to run as root: under root (CI) the cluster
belongs to the `postgres` system user the package creates, and its commands run as that user.

The superuser connects over the socket without a password (trust, local only); TCP connections
need a password (scram-sha-256), so a source URL on 127.0.0.1 goes through real authentication.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"


def find_bin(name: str) -> str | None:
    """`name` on PATH, else in the newest /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return candidates[-1] if candidates else None


def available() -> bool:
    return bool(find_bin("initdb") and find_bin("pg_ctl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """`with PgServer() as pg:` — pg.port, pg.socket_dir, pg.connect(dbname) (superuser)."""

    def __init__(self, settings: dict | None = None):
        self.settings = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                         "max_connections": "40", "shared_buffers": "64MB", **(settings or {})}
        self.dir: Path | None = None
        self.port: int | None = None
        self._user = None

    # -- running commands as the cluster's owner -------------------------------------------
    def _run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        if self._user:
            kwargs["user"] = self._user
            kwargs["group"] = self._user
            kwargs["extra_groups"] = []
        proc = subprocess.run(args, **kwargs)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}")
        return proc

    def start(self) -> "PgServer":
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not (initdb and pg_ctl):
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        # /tmp, not pytest's tmp_path: under root, the postgres user must be able to reach it
        self.dir = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
        if os.geteuid() == 0:
            import pwd

            self._user = SUPERUSER
            entry = pwd.getpwnam(SUPERUSER)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        os.chmod(self.dir, 0o700)
        data = self.dir / "data"
        self._run([initdb, "-D", str(data), "-U", SUPERUSER, "--no-locale", "--encoding=UTF8",
                   "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        for attempt in range(5):  # a free port can be taken between finding and binding it
            self.port = free_port()
            try:
                self._run([pg_ctl, "-D", str(data), "-l", str(self.dir / "server.log"), "-w", "-t", "120",
                           "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 {options}",
                           "start"])
                break
            except RuntimeError:
                if attempt == 4:
                    raise RuntimeError(self.log())
        return self

    def log(self) -> str:
        try:
            return (self.dir / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.dir is None:
            return
        pg_ctl = find_bin("pg_ctl")
        try:
            if (self.dir / "data" / "postmaster.pid").exists():
                self._run([pg_ctl, "-D", str(self.dir / "data"), "-m", "immediate", "-w", "-t", "60", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "PgServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- connecting ----------------------------------------------------------------------------
    def connect(self, dbname: str = "postgres", autocommit: bool = True):
        """A superuser psycopg connection over the unix socket (trust)."""
        import psycopg

        return psycopg.connect(host=str(self.dir), port=self.port, user=SUPERUSER, dbname=dbname,
                               autocommit=autocommit)

    def wait_for(self, sql: str, params=(), timeout: float = 60, dbname: str = "postgres"):
        """Poll until `sql` returns a row (the condition holds); return it. Fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.connect(dbname) as con:
            while True:
                row = con.execute(sql, params or None).fetchone()
                if row:
                    return row
                if time.monotonic() > deadline:
                    raise TimeoutError(f"condition never held: {sql}")
                time.sleep(0.02)  # polling interval of a condition, not a synchronisation sleep
