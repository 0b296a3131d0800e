"""The documented backup and restore (docs/deploy.md), actually tried on PostgreSQL.

pg_dump the test database in custom format, pg_restore it into a new
database, and check that the published versions and the immutability
triggers came back. Runs in the PostgreSQL CI pass; skipped on SQLite.
"""

import datetime
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from registry.enums import ListKind
from tests.factories import items, make_county_tree, publish

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="backup drill needs PostgreSQL and pg_dump/pg_restore",
)


def _conninfo(dbname: str) -> str:
    s = connection.settings_dict
    parts = [
        f"dbname={dbname}",
        f"host={s.get('HOST') or '127.0.0.1'}",
        f"port={s.get('PORT') or 5432}",
    ]
    parts.append(f"user={s.get('USER') or 'postgres'}")
    if s.get("PASSWORD"):
        parts.append(f"password={s['PASSWORD']}")
    return " ".join(parts)


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_round_trip(tmp_path):
    tree = make_county_tree()
    version = publish(
        tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲", "乙", "丙")
    )
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "jianfu.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", _conninfo(source)], check=True)
    assert dump.stat().st_size > 0

    target = f"restore_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={_conninfo(target)}", str(dump)], check=True
        )
        with psycopg.connect(_conninfo(target)) as restored:
            names = [
                r[0]
                for r in restored.execute(
                    "SELECT name FROM registry_listitem WHERE version_id = %s ORDER BY seq",
                    [version.pk],
                )
            ]
            assert names == ["甲", "乙", "丙"]
            # The immutability triggers are part of the backup.
            with pytest.raises(psycopg.errors.RestrictViolation):
                restored.execute("UPDATE registry_listitem SET name = 'x'")
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
