"""A throw-away PostgreSQL server for the journal's PostgreSQL tests (local socket only).

Started from the machine's own PostgreSQL binaries, listening on a Unix socket in a temp folder
(no TCP port), with fsync off; the tests that use it are skipped where no server or no psycopg
driver is installed. As root it runs the server as the ``postgres`` user, since PostgreSQL
refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def why_unavailable() -> str | None:
    """None when a server can be started here, else the reason the tests skip."""
    if importlib.util.find_spec("psycopg") is None:
        return "the psycopg driver is not installed (pip install 'psycopg[binary]')"
    if _binary("initdb") is None or _binary("pg_ctl") is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


@contextlib.contextmanager
def running_server() -> Iterator[str]:
    """Start a server; yield a SQLAlchemy URL to its ``postgres`` database; stop and delete it."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    assert initdb and pg_ctl
    root = Path(tempfile.mkdtemp(prefix="coinpilot-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "server.log"
    options = f"-c listen_addresses='' -k {root} -c fsync=off -c full_page_writes=off"

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=60)

    try:
        run(initdb, "-D", str(data), "-U", "coinpilot", "-A", "trust", "-E", "UTF8", "--no-sync")
        run(pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "30", "-o", options, "start")
        try:
            yield f"postgresql+psycopg://coinpilot@/postgres?host={root}"
        finally:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
