"""Field shapes the apps' models share (registry, 码上减, the burden registers).

A factory here only spells a rule once; the field it returns is a plain Django field, so the
migrations see exactly what the long form declared.
"""

from __future__ import annotations

from django.conf import settings
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


def user_field(
    verbose_name: str, *, on_delete=models.PROTECT, blank: bool = True
) -> models.ForeignKey:
    """The account that did something to a record (发布人, 审批人, 上传人 …): empty for data loaded
    by a command, and one-way (a user has no reverse accessor to the records). ``blank=False``:
    required in a form (申请人 and 认定人 are declared so)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=on_delete,
        related_name="+",
    )
