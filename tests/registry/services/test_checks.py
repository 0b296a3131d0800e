"""check_run: the verdict on a date uses the versions in force then; checks are stored immutably."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.admission_index import index_cache_clear, index_cache_stats
from registry.enums import CheckSource, CheckVerdict, ListKind
from registry.models import AssignmentCheck
from registry.models.immutable import PublishedRecordImmutable
from registry.services.checks import check_run
from registry.services.versions import ItemData
from tests.factories import publish
from tests.registry.checks_fixtures import TUBAN, make_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(tree):
    index_cache_clear()
    return make_lists(tree)


def test_earlier_date_uses_the_earlier_version(tree, lists):
    before = check_run(region=tree["town"], text=TUBAN, on=datetime.date(2025, 12, 1))
    after = check_run(region=tree["town"], text=TUBAN, on=datetime.date(2026, 6, 1))

    assert before.verdict == CheckVerdict.BASIC
    assert before.result["matches"][0]["code"] == "JB-060"
    assert before.result["matches"][0]["version"] == 1
    assert before.result["matches"][0]["document_no"] == "测委办发〔2025〕12号"
    assert set(before.versions.all()) == {lists["basic_v1"], lists["withdrawn_v1"]}

    assert after.verdict == CheckVerdict.WITHDRAWN
    top = after.result["matches"][0]
    assert (top["list_kind"], top["code"], top["version"]) == (
        ListKind.TOWNSHIP_WITHDRAWN,
        "JB-060",
        2,
    )
    assert set(after.versions.all()) == {lists["basic_v2"], lists["withdrawn_v2"]}
    assert any("县自然资源局" in c for c in after.result["consequences"])


def test_stored_result_shape_and_labels(tree, lists):
    check = check_run(
        region=tree["village"].code,
        text="请各村代收本村有线电视收视费，月底前上交。",
        department="县民政局",
        on=datetime.date(2026, 6, 1),
        source=CheckSource.API,
    )
    assert check.verdict == CheckVerdict.NEGATIVE
    assert check.verdict_label == "负面清单事项（不得交办）"
    assert check.department == lists["civil"]
    assert len(check.public_id) >= 16
    result = check.result
    for key in ("verdict", "matches", "flags", "consequences", "versions", "region", "date"):
        assert key in result
    match = result["matches"][0]
    for key in ("list_kind", "code", "seq", "name", "score", "version", "document_no"):
        assert key in match
    assert result["region"]["code"] == tree["village"].code
    assert result["prohibited"] is True


def test_checks_are_immutable(tree, lists):
    check = check_run(region=tree["town"], text=TUBAN, on=datetime.date(2025, 12, 1))
    check.verdict = CheckVerdict.BASIC
    with pytest.raises(PublishedRecordImmutable):
        check.save()
    with pytest.raises(PublishedRecordImmutable):
        AssignmentCheck.objects.filter(pk=check.pk).update(verdict="unlisted")
    with pytest.raises(PublishedRecordImmutable):
        check.delete()


def test_unknown_department_is_kept_as_text(tree, lists):
    check = check_run(
        region=tree["town"], text=TUBAN, department="县外来办", on=datetime.date(2026, 6, 1)
    )
    assert check.department is None
    assert check.department_name == "县外来办"
    assert check.result["department"] == "县外来办"


@pytest.mark.parametrize(
    "region_key, text, message",
    [
        ("county", TUBAN, "承接单位须为乡镇（街道）或村（社区）"),
        ("town", "   ", "请填写拟交办的事项内容"),
        ("town", "字" * 2001, "事项内容过长"),
    ],
)
def test_bad_input_is_a_chinese_validation_error(tree, lists, region_key, text, message):
    with pytest.raises(ValidationError) as exc:
        check_run(region=tree[region_key], text=text)
    assert message in str(exc.value)


def test_no_list_in_force_on_the_date(tree, lists):
    with pytest.raises(ValidationError) as exc:
        check_run(region=tree["town"], text=TUBAN, on=datetime.date(2020, 1, 1))
    assert "没有现行有效的清单" in str(exc.value)


def test_unknown_region_code(tree, lists):
    with pytest.raises(ValidationError) as exc:
        check_run(region="123456789012", text=TUBAN)
    assert "找不到区划代码" in str(exc.value)


def test_index_is_built_once_and_rebuilt_after_publication(tree, lists):
    on = datetime.date(2026, 6, 1)
    check_run(region=tree["town"], text=TUBAN, on=on)
    builds = index_cache_stats()["builds"]
    check_run(region=tree["town"], text="兵役登记", on=on)
    assert index_cache_stats()["builds"] == builds  # same versions in force: reused

    publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2026, 5, 1),
        [ItemData(seq=1, name="卫星遥感图斑核查举证", code="JB-060")],
    )
    again = check_run(region=tree["town"], text=TUBAN, on=on)
    assert index_cache_stats()["builds"] == builds + 1
    used = {(v["list_kind"], v["version"]) for v in again.result["versions"]}
    assert (ListKind.TOWNSHIP_BASIC, 3) in used
