"""Who may open the 码上减 screens: a role in 码上减 (the office for some), and who reads the
statistics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ..permissions import scope_for


def _scope_or_403(request, *, office: bool = False):
    scope = scope_for(request.user)
    if not scope.any or (office and not scope.is_office):
        raise PermissionDenied
    return scope


def _statistics_scope_or_403(request):
    """The office (its county) or a city role (every county under the city, read-only)."""
    scope = scope_for(request.user)
    if not scope.can_read_statistics:
        raise PermissionDenied
    return scope
