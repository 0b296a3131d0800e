"""Template tags of the admin's own templates."""

from __future__ import annotations

from django import template

from cms.permissions import user_scope_label

register = template.Library()


@register.simple_tag
def scope_label(user) -> str:
    """The county (or city) the user works for, shown beside the deployment's name."""
    return user_scope_label(user)
