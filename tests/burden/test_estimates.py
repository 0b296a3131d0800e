"""Burden estimate of admission requests: yearly hours, the form beside the check, 一进一出."""

import datetime
from decimal import Decimal

from django.urls import reverse

from burden.estimates import default_units, department_net_change, estimate_set
from registry.enums import AdmissionStatus
from registry.models import AdmissionRequest

D = datetime.date


def make_request(two, user, name="协助开展退役军人信息采集", **kw):
    data = dict(
        county=two.county, department=two.minzheng, item_name=name, basis="某法第十条",
        content="协助走访。", period_start=D(2026, 11, 2), funding="县拨付", staff="现有人员",
        status=AdmissionStatus.SUBMITTED, approving_group="县级审核员", submitted_by=user,
        submitted_on=D(2026, 9, 1), lead_working_days=30, decision_due=D(2026, 9, 20),
    )  # fmt: skip
    data.update(kw)
    return AdmissionRequest.objects.create(**data)


def test_yearly_hours_and_default_units(two):
    r = make_request(two, two.office)
    assert default_units(r) == 3  # every village and community of the county
    r.target_regions.set([two.village])
    assert default_units(r) == 1
    estimate = estimate_set(request=r, hours="1.5", occurrences=12, units=20)
    assert estimate.yearly_hours == Decimal("360.0")


def test_estimate_refuses_nonsense_in_chinese(two):
    import pytest
    from django.core.exceptions import ValidationError

    r = make_request(two, two.office)
    with pytest.raises(ValidationError) as exc:
        estimate_set(request=r, hours=0, occurrences=400, units=0)
    assert exc.value.message_dict == {"hours_per_occurrence": ["每次耗时须大于0。"]}
    with pytest.raises(ValidationError) as exc:
        estimate_set(request=r, hours=1, occurrences=400, units=1)
    assert exc.value.message_dict == {"occurrences_per_year": ["每年次数须在1到366之间。"]}


def test_net_change_per_department(two):
    a = make_request(
        two, two.office, "甲", status=AdmissionStatus.APPROVED, decided_on=D(2026, 3, 1)
    )
    b = make_request(
        two, two.office, "乙", status=AdmissionStatus.REVOKED, decided_on=D(2025, 3, 1),
        revoked_on=D(2026, 5, 1),
    )  # fmt: skip
    make_request(two, two.office, "丙", status=AdmissionStatus.APPROVED, decided_on=D(2026, 4, 1))
    make_request(two, two.office, "丁", department=two.tongji, status=AdmissionStatus.REJECTED,
                 decided_on=D(2026, 4, 1))  # fmt: skip
    estimate_set(request=a, hours=2, occurrences=4, units=10)  # +80
    estimate_set(request=b, hours=1, occurrences=12, units=5)  # -60
    assert department_net_change(county=two.county, year=2026) == [
        {"department": "县民政局", "in": Decimal("80"), "out": Decimal("60"), "net": Decimal("20"),
         "unestimated": 1},
    ]  # fmt: skip


def test_estimate_form_post_redirect_get_and_shown_beside_check(two, client):
    r = make_request(two, two.office)
    client.force_login(two.office)
    url = reverse("burden_admin:estimate", args=[r.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"hours_per_occurrence": "x", "occurrences_per_year": "12", "units": "3"}
    )
    assert bad.status_code == 200 and "输入一个数字" in bad.content.decode()
    done = client.post(
        url,
        {"hours_per_occurrence": "0.5", "occurrences_per_year": "12", "units": "3"},
        follow=True,
    )
    html = done.content.decode()
    assert done.redirect_chain[0][0] == reverse("jianfu:admission_detail", args=[r.pk])
    assert "已保存负担测算：每年约 18 小时" in html
    assert "每年约 <strong>18</strong> 小时" in html
    # the other county's office cannot estimate this county's request
    client.force_login(two.other_office)
    assert client.get(url).status_code in (302, 404)
