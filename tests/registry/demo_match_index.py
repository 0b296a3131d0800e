"""The demo county's lists as a plain match index (no database), for the pure admission tests,
and what they assert of a task that must never pass as an allowed duty."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from registry.kinds import LEVEL_KINDS, PROHIBITED_VERDICTS, VERDICT_REVIEW
from registry.matching import IndexItem, MatchIndex

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "linyuan"
ALLOWED = {"basic", "cooperate", "selfgov", "assist", "certificate_allowed"}


def demo_items(level: str, phrases: bool = False) -> list[IndexItem]:
    """The demo county's lists as plain items (name + main text), enough for the rules; with
    ``phrases``, also the editors' 关键词 / 常见说法 as the database index carries them."""
    out = []
    for kind in LEVEL_KINDS[level]:
        with open(FIXTURES / f"{kind}.csv", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                # As registry.admission_index: a certificate's text is its purpose (用途).
                text = (
                    row.get("content")
                    or row.get("township_duty")
                    or row.get("purpose")
                    or row.get("note")
                    or ""
                )
                out.append(
                    IndexItem(
                        list_kind=kind,
                        code=f"{kind}-{int(row['seq']):04d}",
                        seq=int(row["seq"]),
                        name=row["name"],
                        content=text,
                        department=row.get("lead_department") or row.get("department") or "",
                        alternative=row.get("alternative", ""),
                        # The editors' 关键词 / 常见说法, joined as registry.admission_index does.
                        aliases="；".join(
                            p for p in (row.get("keywords"), row.get("phrases")) if p and phrases
                        ),
                    )
                )
    return out


@functools.cache
def demo_index(level: str, phrases: bool = False) -> MatchIndex:
    """The demo county's index of ``level``, built once for all the test modules."""
    return MatchIndex.build(demo_items(level, phrases))


def demo_index_fixture(level: str):
    """A fixture named after the level: the demo county's index of that level."""

    def build() -> MatchIndex:
        return demo_index(level)

    return pytest.fixture(scope="module", name=level)(build)


def why(result) -> tuple[str, list[str]]:
    """What a failed assertion shows of a check: its verdict and the items it cites."""
    return result.verdict, [m.item.name for m in result.matches]


def assert_never_allowed(result) -> None:
    """Prohibited, or at least in doubt (需人工研判): never an allowed duty."""
    assert result.verdict not in ALLOWED, why(result)
    assert result.verdict in PROHIBITED_VERDICTS or result.verdict == VERDICT_REVIEW, result.verdict
