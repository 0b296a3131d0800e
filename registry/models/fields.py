"""Field shapes the apps' models share (registry, 码上减, the burden registers).

A factory here only spells a rule once; the field it returns is a plain Django field, so the
migrations see exactly what the long form declared.
"""

from __future__ import annotations

from django.db import models


def optional_fk(to, verbose_name: str, *, related_name: str = "+", **options) -> models.ForeignKey:
    """A reference that may stay empty (NULL in the table, not required in forms) and that keeps
    the row it points to from being deleted (``PROTECT``, unless ``on_delete`` says otherwise).
    ``related_name`` defaults to ``"+"``: no reverse accessor unless one is named."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )
