"""What the benchmarks share: the repository on the import path, percentiles, a throwaway
database for one run, and waiting for a server to listen. Not a benchmark (no ``bench_`` prefix).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q * (len(values) - 1))))]


def pg_admin(url: str, sql: str) -> None:
    """Run CREATE/DROP DATABASE on the maintenance database of the server of ``url`` (with or
    without a database name), in autocommit."""
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


@contextmanager
def throwaway_database(name: str, postgres: str = "") -> Iterator[str]:
    """``DATABASE_URL`` (and the test settings) pointed at a database made for this run and
    removed after it: a new database on the PostgreSQL server ``postgres`` (a URL without a
    database name), else an SQLite file in a temporary directory. Yields the label printed with
    the results."""
    tmp = tempfile.TemporaryDirectory(prefix=f"{name}_")
    pg_db = ""
    if postgres:
        pg_db = f"{name}_{os.getpid()}"
        pg_admin(postgres, f'CREATE DATABASE "{pg_db}"')
        os.environ["DATABASE_URL"] = f"{postgres.rstrip('/')}/{pg_db}"
        label = "PostgreSQL, throwaway database"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
        label = "SQLite, temporary file"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    try:
        yield label
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        tmp.cleanup()
        if pg_db:
            pg_admin(postgres, f'DROP DATABASE IF EXISTS "{pg_db}"')


def wait_for_port(port: int, *, tries: int = 100, pause: float = 0.2) -> None:
    """Return once something listens on 127.0.0.1:``port`` (a server just started)."""
    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(pause)
