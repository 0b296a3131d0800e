"""Which counties and units the signed-in office may open (403 outside them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from registry import params
from registry.models import Region

from .. import selectors


def _office_counties(request) -> list[Region]:
    counties = selectors.office_county_ids(request.user)
    qs = Region.objects.filter(level="county")
    if counties is not None:
        qs = qs.filter(pk__in=counties)
    found = list(qs.order_by("code"))
    if not found:
        raise PermissionDenied
    return found


def _unit_in_scope(request, code: str) -> Region:
    code = params.region_code(code, name="区划代码")
    region = get_object_or_404(Region, code=code)
    counties = {c.pk for c in _office_counties(request)}
    if region.pk not in counties and not any(a.pk in counties for a in region.ancestors()):
        raise PermissionDenied
    return region
