"""Region-scoped roles: a township editor edits only their own township's pages."""

import pytest
from django.urls import reverse

from registry.models import Department
from tests.factories import make_department


@pytest.mark.parametrize(
    ("user", "page", "status"),
    [
        ("street_editor", "street_list", 200),
        ("street_editor", "town_list", 403),  # another township's list
        ("street_editor", "county_list", 403),  # the county-wide list
        ("town_editor", "town_list", 200),
        ("town_editor", "street_list", 403),
        ("admin", "street_list", 200),  # the county administrator edits the whole county
        ("admin", "county_list", 200),
        ("reviewer", "county_list", 403),  # reviewers review, they do not edit
    ],
)
def test_edit_view_is_scoped_to_the_users_region(client, site, user, page, status):
    client.force_login(site["users"][user])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[site[page].pk]))
    assert response.status_code == status


def test_township_editor_cannot_post_to_another_townships_list(client, site):
    client.force_login(site["users"]["street_editor"])
    page = site["town_list"]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"title": "篡改"})
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title != "篡改"


def test_copy_forward_respects_page_permissions(client, site, county_list_in_force):
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:list_copy_forward", args=[site["county_list"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_department_admin_is_scoped_to_the_users_county(client, site):
    county = site["tree"]["county"]
    own = make_department(county, "县民政局")
    other_county = site["tree"]["city"]  # a department registered elsewhere
    other = Department.objects.create(
        county=other_county, code="X01", name="外县民政局", short_name="外县民政局"
    )
    client.force_login(site["users"]["admin"])
    listing = client.get(reverse("departments:index")).content.decode()
    assert own.name in listing and other.name not in listing
    assert client.get(reverse("departments:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("departments:edit", args=[other.pk])).status_code == 404
    client.force_login(site["users"]["street_editor"])
    assert client.get(reverse("departments:index")).status_code in (302, 403)


def test_history_records_the_acting_user(client, site):
    county = site["tree"]["county"]
    dept = make_department(county, "县水利局")
    admin = site["users"]["admin"]
    client.force_login(admin)
    response = client.post(
        reverse("departments:edit", args=[dept.pk]),
        {
            "county": county.pk,
            "code": dept.code,
            "name": "测试县水利局（改）",
            "short_name": "县水利局",
            "kind": "",
        },
    )
    assert response.status_code == 302
    latest = dept.history.latest()
    assert latest.name == "测试县水利局（改）"
    assert latest.history_user == admin
