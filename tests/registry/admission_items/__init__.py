"""Shared data of the admission check tests (tests/registry/test_admission_*.py).

Pure: no database, no Django settings.  The items are a subset of a county's lists, written out
here so the tests do not depend on the demo data; the task texts are our own wording.
"""

from __future__ import annotations

import functools

import pytest

from registry.admission import CheckResult, check_task
from registry.matching import MatchIndex

from .base import TOWNSHIP, VILLAGE, item
from .township import TOWNSHIP_ITEMS
from .village import VILLAGE_ITEMS

ITEMS = TOWNSHIP_ITEMS + VILLAGE_ITEMS

__all__ = ["ITEMS", "TOWNSHIP", "VILLAGE", "check", "index", "item"]


@functools.cache
def _build() -> MatchIndex:
    return MatchIndex.build(ITEMS)


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    # One index holding both levels, as a county-wide index would: check_task must only
    # search the kinds of the target level.  Built once for all the test modules.
    return _build()


def check(index: MatchIndex, level: str, text: str, department: str = "", **options) -> CheckResult:
    """check_task of ``text`` for ``level`` against ``index`` (options: precedents)."""
    return check_task(text=text, target_level=level, index=index, department=department, **options)
