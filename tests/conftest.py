import pytest

from tests.factories import make_county_tree


@pytest.fixture
def tree(db):
    return make_county_tree()
