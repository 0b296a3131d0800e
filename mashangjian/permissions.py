"""Who may see what. The office sees every case of its county, contact details included; a
handling unit sees only the cases routed to it, never one about itself, and never the reporter."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .enums import CaseStatus, UnitRole
from .visibility import in_conflict, not_about


@dataclass(frozen=True)
class Scope:
    superuser: bool = False
    office_counties: frozenset[int] = frozenset()
    handler_departments: frozenset[int] = frozenset()
    # Counties whose statistics the user reads without seeing their cases: a city role (e.g.
    # 市委社会工作部, a read-only scope on the city) reads every county under the city.
    read_counties: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.superuser or bool(self.office_counties or self.handler_departments)

    @property
    def statistics_counties(self) -> frozenset[int]:
        return self.office_counties | self.read_counties

    @property
    def can_read_statistics(self) -> bool:
        return self.superuser or bool(self.statistics_counties)

    @property
    def is_office(self) -> bool:
        return self.superuser or bool(self.office_counties)

    def is_office_for(self, case) -> bool:
        return self.superuser or case.county_id in self.office_counties

    def is_handler_for(self, case) -> bool:
        return (
            case.handler_department_id in self.handler_departments
            and not any(in_conflict(case, d) for d in self.handler_departments)
            and case.status not in (CaseStatus.SUBMITTED, CaseStatus.DECLINED)
        )

    def can_view(self, case) -> bool:
        return self.is_office_for(case) or self.is_handler_for(case)

    def case_filter(self) -> Q:
        """The same rule as can_view, as a queryset filter."""
        if self.superuser:
            return Q()
        q = Q(pk__in=[])
        if self.office_counties:
            q |= Q(county_id__in=self.office_counties)
        if self.handler_departments:
            q |= (
                Q(handler_department_id__in=self.handler_departments)
                & not_about(self.handler_departments)
                & ~Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.DECLINED])
            )
        return q

    def statistics_county_ids(self) -> frozenset[int] | None:
        """The counties whose cases are counted in the statistics (``None``: every county)."""
        return None if self.superuser else self.statistics_counties

    def statistics_filter(self) -> Q:
        """The cases counted in the statistics: the office's county, a city role's counties
        (counted only: ``case_filter`` still decides which cases may be opened)."""
        counties = self.statistics_county_ids()
        if counties is None:
            return Q()
        return Q(county_id__in=counties) if counties else Q(pk__in=[])


def _read_only_counties(user) -> frozenset[int]:
    """The counties under the regions of the user's read-only scopes (``cms.models.ReadOnlyScope``,
    reached through the group's reverse relation: 码上减 does not import cms)."""
    from django.contrib.auth.models import Group

    from registry.models import Region

    regions = list(
        Group.objects.filter(user=user, read_only_scope__isnull=False).values_list(
            "read_only_scope__region_id", flat=True
        )
    )
    if not regions:
        return frozenset()
    return frozenset(Region.objects.counties().within(regions).values_list("pk", flat=True))


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(superuser=True)
    cached = getattr(user, "_mashangjian_scope", None)
    if cached is not None:
        return cached
    from .models import UnitGroup

    units = UnitGroup.objects.filter(group__user=user).values_list(
        "role", "county_id", "department_id"
    )
    offices = frozenset(c for role, c, _ in units if role == UnitRole.OFFICE)
    departments = frozenset(d for role, _, d in units if role == UnitRole.HANDLER and d)
    scope = Scope(
        office_counties=offices,
        handler_departments=departments,
        read_counties=_read_only_counties(user) - offices,
    )
    user._mashangjian_scope = scope
    return scope
