"""The constructor of the synthetic items and the two target levels."""

from __future__ import annotations

from registry.matching import IndexItem

TOWNSHIP = "township"
VILLAGE = "village"


def item(kind: str, seq: int, name: str, **fields: str) -> IndexItem:
    return IndexItem(list_kind=kind, code=f"{kind}-{seq:04d}", seq=seq, name=name, **fields)


def items(kind: str, columns: str, *rows: tuple[int | str, ...]) -> tuple[IndexItem, ...]:
    """The items of one list kind, a row each: ``(seq, name, *values)``.

    ``columns`` names the fields the values after the name go to, in order (``"content department"``).
    """
    fields = columns.split()
    return tuple(
        item(kind, seq, name, **dict(zip(fields, values, strict=True)))
        for seq, name, *values in rows
    )
