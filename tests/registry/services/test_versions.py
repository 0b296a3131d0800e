import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from registry.enums import ListKind
from registry.models import ListItem, ListVersion
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import ItemData, version_publish
from tests.factories import items, make_department, publish

D = datetime.date


@pytest.fixture
def duty_list(tree):
    return duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_COOPERATE)


def _publish(duty_list, effective_from, data, **kwargs):
    defaults = {"document_no": "测发〔2026〕1号", "issuing_body": "测试县委办公室"}
    return version_publish(
        duty_list=duty_list, effective_from=effective_from, items=data, **{**defaults, **kwargs}
    )


def test_publish_numbers_versions_and_mints_stable_codes(duty_list):
    dept = make_department(duty_list.region, "县应急管理局")
    v1 = _publish(
        duty_list,
        timezone.localdate(),
        [ItemData(seq=2, name="乙", department=dept), ItemData(seq=1, name="甲")],
    )
    assert v1.number == 1
    # Codes are minted in 序号 order, whatever the order the rows came in.
    assert [(i.seq, i.code) for i in v1.items.order_by("seq")] == [(1, "PH-001"), (2, "PH-002")]
    assert v1.items.get(seq=2).department == dept
    v2 = _publish(
        duty_list,
        timezone.localdate() + datetime.timedelta(days=10),
        [ItemData(seq=1, name="甲", code="PH-002"), ItemData(seq=2, name="丙")],
        document_no="测发〔2026〕2号",
    )
    assert v2.number == 2
    assert [i.code for i in v2.items.order_by("seq")] == ["PH-002", "PH-003"]
    entry = ModelLogEntry.objects.get(object_id=str(v2.pk), action="registry.version.publish")
    assert entry.data["number"] == 2 and entry.data["items"] == 2


def test_future_version_leaves_previous_in_force(duty_list):
    from registry.selectors import version_in_force

    today = timezone.localdate()
    _publish(duty_list, today, items("现行"))
    _publish(duty_list, today + datetime.timedelta(days=30), items("将来"), document_no="测发2")
    assert version_in_force(duty_list=duty_list, on=today).number == 1
    assert version_in_force(duty_list=duty_list, on=today + datetime.timedelta(days=30)).number == 2


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ([], {}, "清单至少需要一个事项"),
        (items("甲", ""), {}, "第2项“事项名称”：不能为空。"),
        (
            [ItemData(seq=1, name="甲"), ItemData(seq=1, name="乙")],
            {},
            "第2项“序号”：1 与第1项重复。",
        ),
        (
            [ItemData(seq=1, name="甲", code="PH-001"), ItemData(seq=2, name="乙", code="PH-001")],
            {},
            "第2项“事项编码”：PH-001 与第1项重复。",
        ),
        ([ItemData(seq=1, name="甲", code="bad code")], {}, "格式不正确"),
        ([ItemData(seq=1, name="甲", applies_to="火星")], {}, "第1项“适用范围”：“火星”无效"),
        (items("甲"), {"document_no": " "}, "请填写文号"),
        (items("甲"), {"issuing_body": ""}, "请填写印发机关"),
    ],
)
def test_invalid_versions_are_refused_in_chinese_and_nothing_is_written(
    duty_list, data, kwargs, message
):
    with pytest.raises(ValidationError) as exc:
        _publish(duty_list, timezone.localdate(), data, **kwargs)
    assert any(message in m for m in exc.value.messages)
    assert ListVersion.objects.count() == 0
    assert ListItem.objects.count() == 0


def test_editors_cannot_backdate_or_reorder_the_timeline(duty_list):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="不能早于今天"):
        _publish(duty_list, today - datetime.timedelta(days=1), items("甲"))
    _publish(duty_list, today + datetime.timedelta(days=5), items("甲"))
    with pytest.raises(ValidationError, match="须晚于第1版的生效日期"):
        _publish(duty_list, today + datetime.timedelta(days=5), items("乙"), document_no="x2")
    with pytest.raises(ValidationError, match="须晚于第1版的生效日期"):
        _publish(duty_list, today + datetime.timedelta(days=1), items("乙"), document_no="x3")
    assert ListVersion.objects.count() == 1


def test_historical_loading_may_backdate(duty_list):
    version = _publish(duty_list, D(2020, 1, 1), items("甲"), allow_past=True)
    assert version.effective_from == D(2020, 1, 1)


def test_historical_loading_keeps_the_real_publication_time(duty_list):
    when = datetime.datetime(2019, 12, 20, 10, tzinfo=datetime.UTC)
    version = _publish(duty_list, D(2020, 1, 1), items("甲"), allow_past=True, published_at=when)
    version.refresh_from_db()
    assert version.published_at == when


@pytest.mark.parametrize(
    ("allow_past", "when"),
    [
        (False, datetime.datetime(2019, 12, 20, tzinfo=datetime.UTC)),
        (True, timezone.now() + datetime.timedelta(days=1)),
    ],
)
def test_publication_time_only_for_history_and_never_in_the_future(duty_list, allow_past, when):
    with pytest.raises(ValidationError, match="发布时间只能用于载入历史版本"):
        _publish(duty_list, D(2030, 1, 1), items("甲"), allow_past=allow_past, published_at=when)
    assert ListVersion.objects.count() == 0


def test_publishing_the_same_revision_twice_returns_the_same_version(duty_list):
    today = timezone.localdate()
    first = _publish(duty_list, today, items("甲"), source_revision_id=42)
    again = _publish(
        duty_list, today + datetime.timedelta(days=3), items("乙"), source_revision_id=42
    )
    assert again.pk == first.pk
    assert ListVersion.objects.count() == 1


def test_codes_are_minted_after_every_code_of_the_region(tree):
    county = tree["county"]
    publish(
        county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), [ItemData(seq=1, name="甲", code="JB-007")]
    )
    v = publish(county, ListKind.TOWNSHIP_BASIC, D(2026, 1, 1), items("乙"))
    assert v.items.get().code == "JB-008"
