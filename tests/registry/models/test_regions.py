"""Region.county: the one home of "the county of a region" (issue 13)."""

import pytest

from registry.models import Region

pytestmark = pytest.mark.django_db


def test_county_of_each_level(tree):
    for name in ("county", "street", "town", "community", "town_community", "village"):
        assert tree[name].county == tree["county"], name
    assert tree["city"].county is None


def test_county_needs_no_query_once_the_ancestors_are_loaded(tree, django_assert_num_queries):
    village = Region.objects.select_related("parent__parent__parent").get(pk=tree["village"].pk)
    with django_assert_num_queries(0):
        assert village.county.pk == tree["county"].pk
