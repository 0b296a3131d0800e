"""Custom admin screens for list pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from registry import selectors

from . import drafts
from .models import DraftItem, DutyListPage


@require_http_methods(["GET", "POST"])
def copy_forward(request, page_id: int):
    """Start the next version from the one in force: replace the draft items with its items."""
    page = get_object_or_404(DutyListPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    today = timezone.localdate()
    version = (
        selectors.version_in_force(duty_list=page.duty_list, on=today) if page.duty_list else None
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if version is None:
        messages.error(request, "该清单尚无现行有效版本，无法复制。")
        return redirect(edit_url)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "cms/admin/copy_forward_confirm.html",
            {"page": page, "version": version, "edit_url": edit_url},
        )
    copies = [
        DraftItem.copy_of(item, sort_order=i)
        for i, item in enumerate(selectors.items_for_version(version=version))
    ]
    try:
        drafts.draft_items_replace(
            page=page,
            user=request.user,
            items=copies,
            header={
                "next_document_no": "",
                "next_effective_from": None,
                "next_change_note": "",
                "next_issuing_body": version.issuing_body,
            },
            action="cms.list.copy_forward",
            data={"from_version": version.number, "items": len(copies)},
        )
    except drafts.DraftRefused as exc:
        messages.error(request, str(exc))
        return redirect(edit_url)
    messages.success(request, f"已从第{version.number}版复制{len(copies)}个事项到草稿。")
    return redirect(edit_url)
