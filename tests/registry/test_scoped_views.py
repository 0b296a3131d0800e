"""registry/scoped_views.py: the scoped views are declared once, and a scoped viewset refuses a
view class that would not be scoped."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.admin.views import generic

from burden.viewsets import VIEWSETS as BURDEN_VIEWSETS
from cms.viewsets import DepartmentViewSet, EmptyAsDashInspectView, RegionViewSet
from mashangjian.viewsets import CalendarDayViewSet, RoutingRuleViewSet
from registry import scoped_views
from registry.models import Region


@pytest.mark.parametrize(
    "viewset",
    [
        DepartmentViewSet,
        RegionViewSet,
        RoutingRuleViewSet,
        CalendarDayViewSet,
        *(type(burden_viewset) for burden_viewset in BURDEN_VIEWSETS.values()),
    ],
)
def test_view_classes_are_declared_not_built_at_run_time(viewset):
    instance = viewset("scoped-test")
    for attribute in scoped_views.ScopedModelViewSet.VIEW_CLASSES:
        view_class = getattr(instance, attribute)
        assert issubclass(view_class, scoped_views.ScopedViewMixin)
        # The class of the module that declares it, the same for every instance.
        assert getattr(viewset("again"), attribute) is view_class
    assert DepartmentViewSet.inspect_view_class is EmptyAsDashInspectView


def test_the_viewset_hands_its_scoping_to_the_views():
    kwargs = CalendarDayViewSet("scoped-test").get_common_view_kwargs()
    assert kwargs["scope_required"] == ("county",)
    assert kwargs["scope_writable"] is not None and kwargs["scope_rows"] is not None


def test_an_unscoped_view_class_is_refused():
    class Unscoped(scoped_views.ScopedModelViewSet):
        model = Region
        inspect_view_enabled = True
        inspect_view_class = generic.InspectView

        def scope_rows(self, user, queryset):
            return queryset

    with pytest.raises(ImproperlyConfigured):
        Unscoped("unscoped").get_common_view_kwargs()


@pytest.mark.parametrize("viewset", [DepartmentViewSet, RegionViewSet])
def test_master_data_is_inspected_through_the_form_fields_not_the_id(viewset):
    assert viewset("scoped-test").get_inspect_view_kwargs()["fields"] == viewset.form_fields
