from django.urls import reverse
from wagtail.models import PageLogEntry

from cms.models import DutyListPage
from registry.models import ListVersion


def test_copy_forward_starts_a_draft_from_the_version_in_force(client, site, county_list_in_force):
    page = site["county_list"]
    client.force_login(site["users"]["admin"])
    url = reverse("jianfu:list_copy_forward", args=[page.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "第1版" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    codes = {i.code for i in county_list_in_force.items.all()}
    assert [(i.seq, i.name) for i in draft.draft_items.all()] == [(1, "现行甲"), (2, "现行乙")]
    assert {i.code for i in draft.draft_items.all()} == codes  # stable codes carried forward
    assert draft.next_document_no == "" and draft.next_effective_from is None
    assert PageLogEntry.objects.filter(page=page, action="cms.list.copy_forward").exists()
    assert ListVersion.objects.count() == 1  # nothing published


def test_copy_forward_without_a_version_in_force_explains_why(client, site):
    page = site["street_list"]
    client.force_login(site["users"]["street_editor"])
    response = client.get(reverse("jianfu:list_copy_forward", args=[page.pk]), follow=True)
    assert "尚无现行有效版本" in response.content.decode()
