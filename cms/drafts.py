"""The one way to change a draft's items.

The table editor, copy-forward (从现行版本复制), the list import and admission approve/revoke
all call these functions; none of them writes ``DutyListPage.draft_items`` itself.

How item edits relate to page revisions: the draft items live in the page's Wagtail revisions
(``DraftItem`` rows are ``ParentalKey`` children serialised into each revision), so the draft
is always "the latest revision". Every change here — one item edited, added, deleted, moved —
loads the latest revision, changes the items, and saves a **new revision** in the acting user's
name, with an audit entry. Submit, review, compare, revert and publish therefore see exactly the
items the editor shows, and the four-eyes rule sees who edited last. Items are addressed by their
position (1-based) in the latest revision; writes name the revision they were based on, and a
write against an older revision is refused (someone else changed the draft in between).

Every change checks, in the same way: the page lock (an editing lock by someone else, a workflow
lock while under review for anyone not reviewing it, a scheduled publication) and the right to
edit (page edit permission, or membership of a group that reviews the page in its workflow —
reviewers may edit a draft under review, and an admission decision is theirs too). Writes are
atomic and serialised per page (``select_for_update`` on the page row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.locks import BasicLock, ScheduledForPublishLock, WorkflowLock
from wagtail.log_actions import log
from wagtail.models import Revision

from registry import selectors
from registry.columns import ITEM_FIELDS

from .models import DraftItem, DutyListPage


class DraftRefused(PermissionDenied):
    """A change the user may not make now; ``str(exc)`` is the Chinese reason."""


class DraftConflict(DraftRefused):
    """The draft changed since the form was opened."""


# Audit-log actions of the table editor (registered in wagtail_hooks); copy-forward, import and
# admission keep their own actions.
DRAFT_ACTIONS = {
    "cms.draft.item_edit": "修改事项",
    "cms.draft.item_add": "新增事项",
    "cms.draft.item_delete": "删除事项",
    "cms.draft.item_move": "调整事项顺序",
    "cms.draft.item_transfer": "事项移至其他清单",
    "cms.draft.items_paste": "粘贴新增事项",
    "cms.draft.items_replace": "替换全部事项",
}

CONFLICT_MESSAGE = "草稿已被他人（或在另一个窗口中）修改，请刷新后重试。"


@dataclass(frozen=True)
class Draft:
    """The latest revision of a list page, as the editor shows it."""

    page: DutyListPage  # the latest revision as an object (header fields of the draft)
    revision_id: int | None
    items: list[DraftItem]


def draft_read(*, page: DutyListPage) -> Draft:
    """The draft of ``page``: its latest revision (one revision query, one department query)."""
    draft = page.get_latest_revision_as_object()
    return Draft(
        page=draft, revision_id=page.latest_revision_id, items=list(draft.draft_items.all())
    )


def _reviewer_group_ids(page: DutyListPage) -> set[int]:
    """Groups that review ``page`` in its workflow (group approval tasks)."""
    workflow = page.get_workflow()
    ids: set[int] = set()
    for task in workflow.tasks.all() if workflow else ():
        groups = getattr(task.specific, "groups", None)
        if groups is not None:
            ids.update(groups.values_list("pk", flat=True))
    return ids


def draft_permission_refusal(*, page: DutyListPage, user) -> str | None:
    """Why ``user`` may not work on the draft of ``page`` at all (Chinese), or None.

    ``user`` None is the command line (an operator).
    """
    if user is None or user.is_superuser and user.is_active:
        return None
    if not user.is_authenticated or not user.is_active:
        return "请先登录。"
    if page.permissions_for_user(user).can_edit():
        return None
    reviewer_groups = _reviewer_group_ids(page)
    if reviewer_groups and user.groups.filter(pk__in=reviewer_groups).exists():
        return None
    return f"您没有修改“{page.title}”的权限（只能修改本辖区的清单）。"


def draft_lock_refusal(*, page: DutyListPage, user) -> str | None:
    """Why the page's lock keeps ``user`` from changing its draft now (Chinese), or None."""
    lock = page.get_lock()
    if lock is None or (user is not None and not lock.for_user(user)):
        return None
    title = page.title
    if isinstance(lock, WorkflowLock):
        return (
            f"“{title}”正在“{lock.task.name}”中审核，审核期间只有审核人可以修改；"
            "如需修改，请先撤回审核申请。"
        )
    if isinstance(lock, ScheduledForPublishLock):
        return f"“{title}”已排定发布时间，暂不能修改；请先取消排期。"
    if isinstance(lock, BasicLock) and page.locked_by_id:
        return f"“{title}”已被{page.locked_by}锁定，暂不能修改；请待其解锁后再修改。"
    return f"“{title}”已锁定，暂不能修改。"


def draft_refusal(*, page: DutyListPage, user) -> str | None:
    """Why ``user`` may not change the items of ``page`` now (Chinese), or None if they may."""
    return draft_permission_refusal(page=page, user=user) or draft_lock_refusal(
        page=page, user=user
    )


def draft_check(*, page: DutyListPage, user) -> None:
    """Raise DraftRefused with the Chinese reason if ``user`` may not change ``page``'s items."""
    reason = draft_refusal(page=page, user=user)
    if reason:
        raise DraftRefused(reason)


def _seed_from_version_in_force(page: DutyListPage) -> list[DraftItem]:
    """An empty draft of a published list starts from the version in force (never drop items)."""
    if not page.duty_list_id:
        return []
    version = selectors.version_in_force(duty_list=page.duty_list)
    if version is None:
        return []
    return [
        DraftItem.copy_of(item, sort_order=i)
        for i, item in enumerate(selectors.items_for_version(version=version))
    ]


def _change(
    *,
    page: DutyListPage,
    user,
    action: str,
    data: dict,
    mutate: Callable[[DutyListPage, list[DraftItem]], list[DraftItem]],
    base_revision_id: int | None = None,
    renumber: bool = True,
    seed: bool = True,
) -> Revision:
    """Load the latest revision, apply ``mutate`` to its items, save a new revision, log it."""
    with transaction.atomic():
        page = DutyListPage.objects.select_for_update().get(pk=page.pk)
        draft_check(page=page, user=user)
        if base_revision_id is not None and page.latest_revision_id != base_revision_id:
            raise DraftConflict(CONFLICT_MESSAGE)
        draft = page.get_latest_revision_as_object()
        items = list(draft.draft_items.all())
        if seed and not items:
            items = _seed_from_version_in_force(page)
        items = mutate(draft, items)
        for n, item in enumerate(items):
            item.sort_order = n
            if renumber:
                item.seq = n + 1  # 序号 follows the order of the list
        draft.draft_items = items
        revision = draft.save_revision(user=user, clean=False, log_action=False)
        log(instance=draft, action=action, user=user, revision=revision, data=data)
        return revision


def _add_note(
    draft: DutyListPage, note: str, edit_note: Callable[[str], str] | None = None
) -> None:
    """Join ``note`` to the draft's 修订说明, or rewrite it with ``edit_note`` (admission lines)."""
    if edit_note is not None:
        draft.next_change_note = edit_note(draft.next_change_note or "")
    elif note:
        draft.next_change_note = f"{draft.next_change_note}\n{note}".strip()


def _at(items: list[DraftItem], position: int) -> DraftItem:
    if not 1 <= position <= len(items):
        raise DraftConflict(CONFLICT_MESSAGE)
    return items[position - 1]


def _label(item: DraftItem) -> dict:
    return {"code": item.code, "name": item.name}


def draft_item_update(
    *, page: DutyListPage, user, position: int, values: dict, base_revision_id: int | None
) -> Revision:
    """Change the fields in ``values`` of the item at ``position`` (序号 stays)."""
    changed: dict = {}

    def mutate(draft, items):
        item = _at(items, position)
        for field, value in values.items():
            if field in ITEM_FIELDS and field not in ("seq", "code"):
                setattr(item, field, value)
        changed.update(_label(item))
        return items

    return _change(
        page=page,
        user=user,
        action="cms.draft.item_edit",
        data=changed,
        mutate=mutate,
        base_revision_id=base_revision_id,
    )


def draft_items_insert(
    *,
    page: DutyListPage,
    user,
    items: Sequence[DraftItem],
    position: int | None = None,
    base_revision_id: int | None = None,
    action: str = "cms.draft.item_add",
    data: dict | None = None,
    renumber: bool = True,
    note: str = "",
    edit_note: Callable[[str], str] | None = None,
) -> Revision:
    """Insert ``items`` before ``position`` (1-based; None appends). 序号 is filled in
    (``renumber=False``: appended after the highest 序号, the others keep theirs)."""
    new = list(items)

    def mutate(draft, current):
        _add_note(draft, note, edit_note)
        at = len(current) if position is None else max(0, min(position - 1, len(current)))
        if not renumber:  # keep the numbering of what is there: new items follow the highest
            top = max((i.seq for i in current), default=0)
            for n, item in enumerate(new, start=1):
                item.seq = top + n
        return [*current[:at], *new, *current[at:]]

    return _change(
        page=page,
        user=user,
        action=action,
        data=data or {"items": [_label(i) for i in new]},
        mutate=mutate,
        base_revision_id=base_revision_id,
        renumber=renumber,
    )


def draft_items_delete(
    *, page: DutyListPage, user, positions: Sequence[int], base_revision_id: int | None
) -> Revision:
    removed: list[dict] = []

    def mutate(draft, items):
        drop = {p for p in positions if _at(items, p)}
        removed.extend(_label(i) for n, i in enumerate(items, start=1) if n in drop)
        return [i for n, i in enumerate(items, start=1) if n not in drop]

    return _change(
        page=page,
        user=user,
        action="cms.draft.item_delete",
        data={"items": removed},
        mutate=mutate,
        base_revision_id=base_revision_id,
    )


def draft_items_remove_codes(
    *,
    page: DutyListPage,
    user,
    codes: set[str],
    action: str,
    data: dict,
    note: str = "",
    edit_note: Callable[[str], str] | None = None,
    header: dict | None = None,
) -> Revision:
    """Remove the items with these stable codes (admission 退出); ``note`` joins the change note
    (or ``edit_note`` rewrites it); ``header`` sets header fields (``next_*`` names)."""

    def mutate(draft, items):
        _add_note(draft, note, edit_note)
        for attr, value in (header or {}).items():
            setattr(draft, attr, value)
        return [i for i in items if i.code not in codes]

    return _change(page=page, user=user, action=action, data=data, mutate=mutate, renumber=False)


def draft_item_move(
    *, page: DutyListPage, user, position: int, to: int, base_revision_id: int | None
) -> Revision:
    """Move the item at ``position`` so that it becomes 第``to``项 (序号 follows)."""
    moved: dict = {}

    def mutate(draft, items):
        item = _at(items, position)
        rest = [i for n, i in enumerate(items, start=1) if n != position]
        at = max(1, min(to, len(items))) - 1
        moved.update(_label(item), to=at + 1)
        return [*rest[:at], item, *rest[at:]]

    return _change(
        page=page,
        user=user,
        action="cms.draft.item_move",
        data=moved,
        mutate=mutate,
        base_revision_id=base_revision_id,
    )


def draft_item_transfer(
    *,
    page: DutyListPage,
    user,
    position: int,
    target: DutyListPage,
    base_revision_id: int | None,
) -> tuple[Revision, Revision]:
    """Move an item to the draft of another list of the same region, stable code kept
    (published, it shows as a move between lists, not a deletion and an addition)."""
    if target.pk == page.pk or target.get_parent().pk != page.get_parent().pk:
        raise DraftRefused("只能移到同一区划的其他清单。")
    draft_check(page=target, user=user)
    taken: list[DraftItem] = []

    def take(draft, items):
        taken.append(_at(items, position))
        return [i for n, i in enumerate(items, start=1) if n != position]

    with transaction.atomic():
        first = _change(
            page=page,
            user=user,
            action="cms.draft.item_transfer",
            data={"to": target.title},
            mutate=take,
            base_revision_id=base_revision_id,
        )
        item = DraftItem.copy_of(taken[0], sort_order=0)
        second = draft_items_insert(
            page=target,
            user=user,
            items=[item],
            action="cms.draft.item_transfer",
            data={"from": page.title, **_label(item)},
        )
    return first, second


def draft_items_replace(
    *,
    page: DutyListPage,
    user,
    items: Sequence[DraftItem],
    header: dict | None = None,
    action: str,
    data: dict,
) -> Revision:
    """Replace every item (copy-forward, import) and set header fields (``next_*`` names).

    The given 序号 are kept (an imported sheet's numbering is the author's)."""

    def mutate(draft, current):
        for attr, value in (header or {}).items():
            setattr(draft, attr, value)
        return list(items)

    return _change(
        page=page, user=user, action=action, data=data, mutate=mutate, renumber=False, seed=False
    )
