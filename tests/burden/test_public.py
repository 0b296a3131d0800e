"""Public lookup of a form by number and its QR code."""

import datetime

from django.urls import reverse

from burden.enums import FormStatus
from tests.burden.test_registers import make_form

D = datetime.date


def test_lookup_redirects_to_the_form_page_with_verdict_and_qr(two, client):
    make_form(two.county, two.minzheng, "BB-001", title="低保走访台账")
    response = client.get(
        reverse("burden_form_lookup"), {"county": two.county.code, "number": "BB-001"}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.content.decode()
    assert "这张报表在县级报表目录内，现行有效。" in html
    assert "<svg" in html
    qr = client.get(reverse("burden_form_qr", args=[two.county.code, "BB-001"]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_lookup_unknown_number_says_it_may_be_refused(two, client):
    response = client.get(
        reverse("burden_form_lookup"), {"county": two.county.code, "number": "NOPE-1"}
    )
    assert response.status_code == 404
    assert "未经准入，可以拒绝填报" in response.content.decode()


def test_outside_and_expired_forms_are_told_apart(two, client):
    make_form(two.county, two.minzheng, "OUT-1", status=FormStatus.OUTSIDE)
    make_form(two.county, two.minzheng, "OLD-1", valid_until=D(2020, 1, 1))
    out = client.get(reverse("burden_form", args=[two.county.code, "OUT-1"])).content.decode()
    assert "不在县级报表目录内" in out
    old = client.get(reverse("burden_form", args=[two.county.code, "OLD-1"])).content.decode()
    assert "有效期已于 2020年01月01日 届满" in old


def test_bad_county_code_is_a_chinese_400(two, client):
    response = client.get(reverse("burden_form_lookup"), {"county": "abc", "number": "x"})
    assert response.status_code == 400
