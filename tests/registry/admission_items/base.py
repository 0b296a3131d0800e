"""The constructor of the synthetic items and the two target levels."""

from __future__ import annotations

from registry.matching import IndexItem

TOWNSHIP = "township"
VILLAGE = "village"


def item(kind: str, seq: int, name: str, **fields: str) -> IndexItem:
    return IndexItem(list_kind=kind, code=f"{kind}-{seq:04d}", seq=seq, name=name, **fields)
