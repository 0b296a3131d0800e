"""The QR posters of the office's counties."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .. import selectors
from .access import _scope_or_403


@require_GET
def posters(request):
    """Every QR poster of the office's counties, and a printable sheet per township."""
    scope = _scope_or_403(request, office=True)
    counties = [
        (county, list(county.children.order_by("code")))
        for county in selectors.reporting_counties()
        if scope.superuser or county.pk in scope.office_counties
    ]
    return TemplateResponse(request, "mashangjian/admin/posters.html", {"counties": counties})
