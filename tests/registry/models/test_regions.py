"""Region.county: the one home of "the county of a region" (issue 13); Region.objects.within:
the regions below some counties or a city."""

import pytest

from registry.models import Region
from tests.factories import make_neighbour_county

pytestmark = pytest.mark.django_db


def test_county_of_each_level(tree):
    for name in ("county", "street", "town", "community", "town_community", "village"):
        assert tree[name].county == tree["county"], name
    assert tree["city"].county is None


def test_county_needs_no_query_once_the_ancestors_are_loaded(tree, django_assert_num_queries):
    village = Region.objects.select_related("parent__parent__parent").get(pk=tree["village"].pk)
    with django_assert_num_queries(0):
        assert village.county.pk == tree["county"].pk


def test_within_a_county_is_its_subtree_and_within_a_city_its_counties(tree):
    neighbour = make_neighbour_county(tree["city"])
    county_tree = {"county", "street", "town", "community", "town_community", "village"}
    # Instances and ids alike.
    for given in ([tree["county"]], [tree["county"].pk]):
        assert set(Region.objects.within(given)) == {tree[name] for name in county_tree}
    assert set(Region.objects.counties().within([tree["city"]])) == {
        tree["county"],
        neighbour["county"],
    }
    assert not Region.objects.within([])
