"""Dashboard panels: 待我审核 (drafts this user may review), 我的草稿 (what became of mine) and
上级清单有变动的本级调整 (derived lists whose source dropped or reworded an adjusted item)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState, WorkflowState

from .models import DutyListPage, FourEyesApprovalTask

RECENT = datetime.timedelta(days=30)


def _list_page(state) -> DutyListPage | None:
    page = state.content_object
    return page.specific if page is not None and isinstance(page.specific, DutyListPage) else None


def review_queue(user) -> list[dict]:
    """In-progress reviews of list drafts in a task this user belongs to."""
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        task__in=FourEyesApprovalTask.objects.all()
        if user.is_superuser
        else FourEyesApprovalTask.objects.filter(groups__in=user.groups.all()),
    ).select_related("workflow_state__requested_by", "revision")
    rows = []
    for state in states.order_by("started_at").distinct():
        page = _list_page(state.workflow_state)
        if page is None:
            continue
        task = state.task.specific
        rows.append(
            {
                "page": page,
                "submitter": state.workflow_state.requested_by,
                "since": state.started_at,
                "url": reverse("jianfu:list_review", args=[page.pk]),
                "refusal": task.approve_refusal(page, user),
            }
        )
    return rows


STATUS_LABELS = {
    WorkflowState.STATUS_IN_PROGRESS: "审核中",
    WorkflowState.STATUS_NEEDS_CHANGES: "已退回修改",
    WorkflowState.STATUS_APPROVED: "已审核通过并发布",
    WorkflowState.STATUS_CANCELLED: "已撤回",
}


def my_drafts(user) -> list[dict]:
    """This user's submissions: open ones, and those finished in the last 30 days."""
    since = timezone.now() - RECENT
    states = WorkflowState.objects.filter(requested_by=user).select_related("current_task_state")
    rows = []
    for state in states.order_by("-created_at")[:50]:
        open_ = state.status in (state.STATUS_IN_PROGRESS, state.STATUS_NEEDS_CHANGES)
        task_state = state.current_task_state
        finished = task_state.finished_at if task_state else None
        if not open_ and (finished is None or finished < since):
            continue
        page = _list_page(state)
        if page is None:
            continue
        rows.append(
            {
                "page": page,
                "status": STATUS_LABELS.get(state.status, state.status),
                "comment": task_state.comment if task_state else "",
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "when": finished or state.created_at,
            }
        )
    return rows


def _edited_paths(user) -> list[str]:
    """Paths of the pages the user's groups hold a page permission on (editors, administrators)."""
    from wagtail.models import GroupPagePermission

    return list(
        set(
            GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
        )
    )


def _review_workflows(user) -> tuple[dict[str, int], set[int]]:
    """(path of every page a workflow is attached to → its workflow, the workflows in which the
    user's groups approve): a county's reviewers approve through its 清单审核 workflow
    (``roles.workflow_name``), attached to the county's page, without any page permission."""
    from wagtail.models import WorkflowPage

    attached = dict(
        WorkflowPage.objects.filter(workflow__active=True).values_list("page__path", "workflow_id")
    )
    tasks = FourEyesApprovalTask.objects.filter(groups__user=user, active=True)
    mine = set(
        WorkflowPage.objects.filter(
            workflow__active=True, workflow__workflow_tasks__task__in=tasks
        ).values_list("workflow_id", flat=True)
    )
    return attached, mine


def _reviews(page, attached: dict[str, int], mine: set[int]) -> bool:
    """Whether ``page``'s workflow (the one on its nearest ancestor, as Wagtail picks it) is one
    the user approves in."""
    nearest = max((p for p in attached if page.path.startswith(p)), key=len, default=None)
    return nearest is not None and attached[nearest] in mine


def _under(paths) -> Q:
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(path__startswith=path)
    return under


def stale_adjustments(user) -> list[dict]:
    """The derived lists this user works on with an adjustment its source no longer matches: the
    source list dropped or reworded the item (``registry.layers`` flags). Two queries per unit
    with such a list.

    Who sees which list: its editors (page permissions on the unit's page or above it), the
    reviewers of its county's workflow, and — read-only, linked to the public 与上级清单的差异 —
    a city role (``ReadOnlyScope``) for the county lists derived from its city's catalogue."""
    from registry import selectors
    from registry.enums import ALWAYS_DERIVED_LEVELS, RegionLevel

    from .models import ReadOnlyScope

    pages = DutyListPage.objects.filter(duty_list__versions__isnull=False).filter(
        Q(duty_list__derived=True) | Q(duty_list__region__level__in=ALWAYS_DERIVED_LEVELS)
    )
    edited: list[str] = []
    attached: dict[str, int] = {}
    reviewed: set[int] = set()
    above: list[int] = []
    if not user.is_superuser:
        edited = _edited_paths(user)
        attached, reviewed = _review_workflows(user)
        above = [s.region_id for s in ReadOnlyScope.objects.filter(group__user=user)]
        read_only = Q(duty_list__derived=True, duty_list__region__level=RegionLevel.COUNTY) & (
            Q(duty_list__region__in=above)
            | Q(duty_list__region__parent__in=above)
            | Q(duty_list__region__parent__parent__in=above)
        )
        workflow_paths = [p for p, w in attached.items() if w in reviewed]
        if not (edited or workflow_paths or above):
            return []
        pages = pages.filter(_under(edited) | _under(workflow_paths) | read_only)
    by_region: dict = {}
    for page in pages.select_related("duty_list__region__parent").distinct().order_by("path"):
        region = page.duty_list.region
        works_on = (
            user.is_superuser
            or any(page.path.startswith(p) for p in edited)
            or _reviews(page, attached, reviewed)
        )
        reads = (
            page.duty_list.derived
            and region.level == RegionLevel.COUNTY
            and bool(
                {region.pk, region.parent_id, getattr(region.parent, "parent_id", None)}
                & set(above)
            )
        )
        if works_on or reads:
            by_region.setdefault(region, []).append((page, works_on))
    rows = []
    for region, region_pages in by_region.items():
        kinds = [p.kind for p, _ in region_pages]
        resolved = {
            a.duty_list.kind: r
            for a, r in selectors.resolved_for_region(region=region, kinds=kinds)
            if a.duty_list.region_id == region.pk
        }
        for page, works_on in region_pages:
            flags = resolved[page.kind].own_flags if page.kind in resolved else ()
            if flags:
                rows.append(
                    {
                        "page": page,
                        "flags": flags,
                        "read_only": not works_on,
                        "url": reverse("jianfu:draft_items", args=[page.pk])
                        if works_on
                        else (f"{page.url}differences/" if page.url else ""),
                    }
                )
    return rows


class ListPanel(Component):
    rows = staticmethod(lambda user: [])

    def get_context_data(self, parent_context):
        rows = self.rows(parent_context["request"].user)
        return {"rows": rows, "count": len(rows)}


class ReviewQueuePanel(ListPanel):
    name = "jianfu_review_queue"
    template_name = "cms/admin/panels/review_queue.html"
    order = 50
    rows = staticmethod(review_queue)


class MyDraftsPanel(ListPanel):
    name = "jianfu_my_drafts"
    template_name = "cms/admin/panels/my_drafts.html"
    order = 60
    rows = staticmethod(my_drafts)


class StaleAdjustmentsPanel(ListPanel):
    name = "jianfu_stale_adjustments"
    template_name = "cms/admin/panels/stale_adjustments.html"
    order = 70
    rows = staticmethod(stale_adjustments)
