"""Field declarations the registry's models share."""

from django.conf import settings
from django.db import models


def user_field(verbose_name: str, *, on_delete=models.PROTECT, blank: bool = True):
    """The account that did something to a record (发布人, 审批人, 上传人 …): empty for data loaded
    by a command, and one-way (a user has no reverse accessor to the records)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=on_delete,
        related_name="+",
    )
