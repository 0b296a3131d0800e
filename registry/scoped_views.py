"""One rule for every admin viewset of county-configured data (used by cms and mashangjian): a
user sees, chooses and changes only the rows of the counties they work for.

A viewset lists its scoped views with ``scope_viewset(viewset, rows=..., choices=...)``:

- ``rows(user, queryset)`` narrows the viewset's own model to the user's counties: the index (and
  its filters and exports), and every view that loads one object (edit, delete, inspect, history,
  usage, copy), which answers 404 with a Chinese reason for another county's row;
- ``choices(user)`` maps a form field name to the queryset its chooser may offer (a ForeignKey
  such as ``county``, ``region`` or ``department``), so a tampered POST naming another county's
  row fails validation with the field's own Chinese error.

A superuser sees everything; a city role sees every county under its city (read-only: it holds
view permissions only). Which counties a user works for is ``cms.permissions.user_counties``
(page permissions) or ``mashangjian.permissions.scope_for`` (码上减 units).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.response import TemplateResponse

from .models import Region

OUT_OF_SCOPE = "没有找到该记录，或该记录不属于你所在县（市、区），无权查看或修改。"


def regions_of_counties(counties) -> QuerySet:
    """The counties and every region below them (townships, villages)."""
    return Region.objects.filter(
        Q(pk__in=[c.pk for c in counties]) | Q(parent__in=counties) | Q(parent__parent__in=counties)
    )


class OutOfScope(Http404):
    """Another county's row: answered 404 with the Chinese reason (Wagtail's admin 404 page
    would drop it)."""


class ScopedViewMixin:
    """Mixed into a Wagtail generic model view by ``scope_viewset``."""

    scope_rows: Callable = staticmethod(lambda user, qs: qs)
    scope_choices: Callable = staticmethod(lambda user: {})
    scope_required: tuple[str, ...] = ()

    def setup(self, request, *args, **kwargs):
        self.out_of_scope = None
        try:
            super().setup(request, *args, **kwargs)
        except OutOfScope as exc:  # views that load their object in setup (delete, history)
            self.out_of_scope = exc

    def dispatch(self, request, *args, **kwargs):
        try:
            if self.out_of_scope is not None:
                raise self.out_of_scope
            return super().dispatch(request, *args, **kwargs)
        except OutOfScope as exc:
            return TemplateResponse(
                request, "cms/admin/out_of_scope.html", {"reason": str(exc)}, status=404
            )

    def _scope(self, queryset):
        if getattr(queryset, "model", None) is not self.model:
            return queryset  # e.g. the history view's log entries: already of one object
        return type(self).scope_rows(self.request.user, queryset)

    def get_base_queryset(self):
        return self._scope(super().get_base_queryset())

    def get_queryset(self):
        return self._scope(super().get_queryset())

    def get_object(self, *args, **kwargs):
        try:
            obj = super().get_object(*args, **kwargs)
        except OutOfScope:
            raise
        except Http404 as exc:  # not in the scoped queryset, or no such row at all
            raise OutOfScope(OUT_OF_SCOPE) from exc
        if obj is not None and isinstance(obj, self.model):
            manager = self.model._default_manager
            if not type(self).scope_rows(self.request.user, manager.filter(pk=obj.pk)).exists():
                raise OutOfScope(OUT_OF_SCOPE)
        return obj

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        user = self.request.user
        for name, queryset in type(self).scope_choices(user).items():
            if name in form.fields:
                if name in self.scope_required and not user.is_superuser:
                    form.fields[name].required = True  # only a superuser keeps the shared rows
                form.fields[name].queryset = queryset
                if getattr(form.fields[name], "empty_label", None) is not None and (
                    len(rows := list(queryset[:2])) == 1 and form.fields[name].required
                ):
                    form.fields[name].initial = rows[0].pk  # one county: nothing to choose
        return form


VIEW_ATTRIBUTES = (
    "index_view_class",
    "add_view_class",
    "edit_view_class",
    "delete_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "copy_view_class",
)


WRITE_VIEWS = ("add_view_class", "edit_view_class", "delete_view_class", "copy_view_class")


def scope_viewset(
    viewset,
    *,
    rows: Callable,
    choices: Callable | None = None,
    writable: Callable | None = None,
    required: tuple[str, ...] = (),
) -> None:
    """Replace every object view of ``viewset`` by its scoped subclass (call in ``__init__``).

    ``writable(user, queryset)``, when given, narrows the rows the edit, delete and copy views
    load (e.g. the national holidays are seen by every county but changed by no county role);
    ``required`` names chooser fields a non-superuser must fill (a county role's row always
    belongs to a county)."""
    for attribute in VIEW_ATTRIBUTES:
        view_class = getattr(viewset, attribute, None)
        if view_class is None or issubclass(view_class, ScopedViewMixin):
            continue
        scoped = type(
            f"Scoped{view_class.__name__}",
            (ScopedViewMixin, view_class),
            {
                "scope_rows": staticmethod(
                    writable if writable is not None and attribute in WRITE_VIEWS else rows
                ),
                "scope_choices": staticmethod(choices or (lambda user: {})),
                "scope_required": tuple(required),
            },
        )
        setattr(viewset, attribute, scoped)
