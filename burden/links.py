"""Links between 码上减 cases and what they are about (list items, forms, inspections, apps).

Only the office of the case's county links a case; anything shown of a linked case goes through
``mashangjian.visibility.case_view`` with the viewer's scope, so a reporter is never exposed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from mashangjian.models import Case
from mashangjian.permissions import Scope
from mashangjian.visibility import case_view
from registry.models import ListItem

from .models import CaseLink, GovApp, Inspection, ReportForm

TARGETS = {"form": ReportForm, "inspection": Inspection, "app": GovApp}


@transaction.atomic
def case_link(*, case: Case, scope: Scope, user, item_code: str = "", target=None) -> CaseLink:
    if not scope.is_office_for(case):
        raise PermissionDenied("只有本县减负机制办可以关联案件。")
    if bool(item_code) == (target is not None):
        raise ValidationError("请选择一个关联对象：清单事项、报表、督查检查或政务应用之一。")
    if item_code:
        exists = ListItem.objects.filter(
            Q(version__duty_list__region_id=case.county_id)
            | Q(version__duty_list__region__parent_id=case.county_id),
            code=item_code,
        ).exists()
        if not exists:
            raise ValidationError(f"本县清单中没有编码为“{item_code[:16]}”的事项。")
        link, _ = CaseLink.objects.get_or_create(
            case=case, item_code=item_code, defaults={"created_by": user}
        )
        return link
    if target.county_id != case.county_id:
        raise ValidationError("只能关联本县的登记条目。")
    field = next(name for name, model in TARGETS.items() if isinstance(target, model))
    link, _ = CaseLink.objects.get_or_create(
        case=case, **{field: target}, defaults={"created_by": user}
    )
    return link


def linked_cases(*, scope: Scope, item_code: str = "", county_id: int | None = None, **target):
    """The cases linked to one entry (or item code of a county), as ``case_view``s the viewer may
    see; cases the viewer may not see are left out."""
    links = (
        CaseLink.objects.filter(**target)
        if target
        else CaseLink.objects.filter(item_code=item_code, case__county_id=county_id)
    )
    cases = (
        Case.objects.filter(pk__in=links.values("case_id"))
        .filter(scope.case_filter())
        .select_related("category", "region", "subject_department", "handler_department")
        .order_by("-submitted_at")
    )
    return [case_view(c, scope) for c in cases]


def item_case_counts(pairs) -> dict[tuple[int, str], int]:
    """How many cases are linked to each (county id, item code): counts only, the public figure
    beside an admission decision or a draft item (no case content; one query)."""
    pairs = {(county, code) for county, code in pairs if code}
    if not pairs:
        return {}
    q = Q()
    for county, code in pairs:
        q |= Q(case__county_id=county, item_code=code)
    rows = (
        CaseLink.objects.filter(q)
        .values("case__county_id", "item_code")
        .annotate(n=Count("case", distinct=True))
        .values_list("case__county_id", "item_code", "n")
    )
    return {(county, code): n for county, code, n in rows}


def entry_case_counts(field: str, ids) -> dict[int, int]:
    """How many cases are linked to each register entry (``field`` form / inspection / app)."""
    if field not in TARGETS or not ids:
        return {}
    rows = (
        CaseLink.objects.filter(**{f"{field}__in": list(ids)})
        .values(field)
        .annotate(n=Count("case", distinct=True))
        .values_list(field, "n")
    )
    return dict(rows)
