"""One rule for every admin viewset of county-configured data (used by cms, mashangjian and
burden): a user sees, chooses and changes only the rows of the counties they work for.

A viewset subclasses ``ScopedModelViewSet`` and says what its users may see:

- ``scope_rows(self, user, queryset)`` narrows the viewset's own model to the user's counties: the
  index (and its filters and exports), and every view that loads one object (edit, delete,
  inspect, history, usage, copy), which answers 404 with a Chinese reason for another county's
  row;
- ``scope_choices(self, user)`` maps a form field name to the queryset its chooser may offer (a
  ForeignKey such as ``county``, ``region`` or ``department``), so a tampered POST naming another
  county's row fails validation with the field's own Chinese error;
- ``scope_writable(self, user, queryset)``, when defined, narrows the rows the add, edit, delete
  and copy views load (e.g. the national holidays are seen by every county but changed by no
  county role); ``scope_required`` names chooser fields a non-superuser must fill.

The view classes are declared here once (``ScopedIndexView`` …); the viewset hands its scoping
methods to them as view arguments (``get_common_view_kwargs``), so no class is built at run time.
A viewset that needs its own view subclasses one of them (``cms.viewsets.EmptyAsDashInspectView``).

A superuser sees everything; a city role sees every county under its city (read-only: it holds
view permissions only). Which counties a user works for is ``cms.permissions.user_counties``
(page permissions) or ``mashangjian.permissions.scope_for`` (码上减 units).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

OUT_OF_SCOPE = "没有找到该记录，或该记录不属于你所在县（市、区），无权查看或修改。"


class OutOfScope(Http404):
    """Another county's row: answered 404 with the Chinese reason (Wagtail's admin 404 page
    would drop it)."""


class ScopedViewMixin:
    """Mixed into each of Wagtail's generic model views below; the viewset sets the attributes
    (view arguments, see ``ScopedModelViewSet.get_common_view_kwargs``)."""

    scope_rows: Callable = staticmethod(lambda user, queryset: queryset)
    scope_writable: Callable | None = None
    scope_choices: Callable = staticmethod(lambda user: {})
    scope_required: tuple[str, ...] = ()
    # The add, edit, delete and copy views load only the rows the user may change.
    scope_writes = False

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

    def _scoped_rows(self, queryset):
        rows = self.scope_writable if self.scope_writes and self.scope_writable else self.scope_rows
        return rows(self.request.user, queryset)

    def _scope(self, queryset):
        if getattr(queryset, "model", None) is not self.model:
            return queryset  # e.g. the history view's log entries: already of one object
        return self._scoped_rows(queryset)

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
            if not self._scoped_rows(manager.filter(pk=obj.pk)).exists():
                raise OutOfScope(OUT_OF_SCOPE)
        return obj

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        user = self.request.user
        for name, queryset in self.scope_choices(user).items():
            if name in form.fields:
                if name in self.scope_required and not user.is_superuser:
                    form.fields[name].required = True  # only a superuser keeps the shared rows
                form.fields[name].queryset = queryset
                if getattr(form.fields[name], "empty_label", None) is not None and (
                    len(rows := list(queryset[:2])) == 1 and form.fields[name].required
                ):
                    form.fields[name].initial = rows[0].pk  # one county: nothing to choose
        return form


class ScopedIndexView(ScopedViewMixin, generic.IndexView):
    pass


class ScopedInspectView(ScopedViewMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedViewMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedViewMixin, usage.UsageView):
    pass


class ScopedCreateView(ScopedViewMixin, generic.CreateView):
    scope_writes = True


class ScopedEditView(ScopedViewMixin, generic.EditView):
    scope_writes = True


class ScopedDeleteView(ScopedViewMixin, generic.DeleteView):
    scope_writes = True


class ScopedCopyView(ScopedViewMixin, generic.CopyView):
    scope_writes = True


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view is scoped to the user's counties (see the module)."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
    scope_required: tuple[str, ...] = ()

    def scope_rows(self, user, queryset):
        raise NotImplementedError(f"{type(self).__name__} must say which rows a user sees.")

    def scope_choices(self, user) -> dict:
        return {}

    # Defined by a viewset whose users see more rows than they may change.
    scope_writable: Callable | None = None

    def get_common_view_kwargs(self, **kwargs):
        for attribute in self.VIEW_CLASSES:
            view_class = getattr(self, attribute, None)
            if view_class is not None and not issubclass(view_class, ScopedViewMixin):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{attribute} must subclass one of the scoped views "
                    "in registry.scoped_views, or it would show every county's rows."
                )
        return super().get_common_view_kwargs(
            scope_rows=self.scope_rows,
            scope_writable=self.scope_writable,
            scope_choices=self.scope_choices,
            scope_required=tuple(self.scope_required),
            **kwargs,
        )

    VIEW_CLASSES = (
        "index_view_class",
        "add_view_class",
        "edit_view_class",
        "delete_view_class",
        "inspect_view_class",
        "history_view_class",
        "usage_view_class",
        "copy_view_class",
    )
