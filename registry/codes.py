"""The one code minter: stable item codes (``JB-036``: the kind's prefix + a number).

A new item gets the next number of its prefix after every code of that prefix already used in
the region's family — the region, the regions above it and the two levels below it (published in
any list, since an item keeps its code when it moves between lists), so that an item a township
adds never takes a code of the county's or the catalogue's list it derives from (registry.layers)
— and after the codes it is published or drafted beside (``taken``). Used by
``registry.services.versions.version_publish`` and by the admission decisions that add an item
to a draft (``cms.admission``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from registry.enums import KIND_CODE_PREFIX
from registry.models import ListItem, Region

CODE_RE = re.compile(r"^([A-Z]{2})-(\d{3,6})$")


def next_codes(*, prefix: str, taken: Iterable[str], count: int) -> list[str]:
    """Pure: ``count`` new codes of ``prefix``, numbered after the highest in ``taken``."""
    highest = max(
        (int(m.group(2)) for c in taken if (m := CODE_RE.match(c)) and m.group(1) == prefix),
        default=0,
    )
    return [f"{prefix}-{n:03d}" for n in range(highest + 1, highest + 1 + count)]


def codes_mint(
    *, region_id: int | None, kind: str, count: int, taken: Iterable[str] = ()
) -> list[str]:
    """New codes for ``count`` items of a ``kind`` list in the region (two queries)."""
    prefix = KIND_CODE_PREFIX[kind]
    used = []
    if region_id is not None and count:
        region = Region.objects.select_related("parent__parent__parent").get(pk=region_id)
        family = (
            Q(version__duty_list__region_id__in=[r.pk for r in region.lineage()])
            | Q(version__duty_list__region__parent_id=region_id)
            | Q(version__duty_list__region__parent__parent_id=region_id)
        )
        used = ListItem.objects.filter(family, code__startswith=f"{prefix}-").values_list(
            "code", flat=True
        )
    return next_codes(prefix=prefix, taken=[*used, *taken], count=count)
