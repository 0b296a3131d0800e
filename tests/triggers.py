"""Raw SQL that the immutability triggers (registry/db_triggers.py) must refuse."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction

# What a trigger's refusal raises: SQLite's RAISE(ABORT) or PostgreSQL's RAISE EXCEPTION.
REFUSED = (IntegrityError, OperationalError, InternalError)


def refused(sql: str, params=()) -> None:
    """Run ``sql`` in its own savepoint and assert the database refuses it."""
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
