"""Decisions (registry/services/decisions.py) feed later checks in the same county, never another."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from registry.admission_index import index_cache_clear
from registry.enums import CheckVerdict, DecisionSource
from registry.models import CheckDecision
from registry.services.checks import check_run
from registry.services.decisions import check_correct
from tests.factories import make_neighbour_county, make_user
from tests.registry.checks_fixtures import make_lists

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 6, 1)
FIRST = "请各乡镇组织开展森林防火宣传，并安排人员在林区路口值守劝导。"
LATER = "请各乡镇组织开展森林防火宣传，安排人员在林区路口值守劝导进山人员。"


@pytest.fixture
def lists(tree):
    index_cache_clear()
    return make_lists(tree)


@pytest.fixture
def other_county(tree):
    """A second county of the same city, with the same lists."""
    neighbour = make_neighbour_county(tree["city"])
    make_lists(neighbour)
    return neighbour


@pytest.fixture
def corrector():
    user = make_user("reviewer")
    user.user_permissions.add(Permission.objects.get(codename="add_checkdecision"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def test_correction_feeds_later_checks_in_the_county_only(tree, lists, other_county, corrector):
    first = check_run(region=tree["town"], text=FIRST, on=ON)
    assert first.verdict == CheckVerdict.BASIC
    assert first.result["similar_decisions"] == []

    decision = check_correct(check=first, user=corrector, choice="unlisted", note="非本清单事项")
    assert decision.county == tree["county"]
    assert decision.source == DecisionSource.CORRECTION
    assert decision.verdict == CheckVerdict.UNLISTED

    later = check_run(region=tree["street"], text=LATER, on=ON)
    assert later.result["similar_decisions"], "a similar decided task is shown"
    assert later.result["similar_decisions"][0]["verdict"] == "unlisted"
    assert later.verdict == CheckVerdict.UNLISTED  # and counts toward the verdict

    elsewhere = check_run(region=other_county["town"], text=LATER, on=ON)
    assert elsewhere.result["similar_decisions"] == []
    assert elsewhere.verdict == CheckVerdict.BASIC


def test_correction_to_an_item_the_check_showed(tree, lists, corrector):
    check = check_run(region=tree["town"], text=FIRST, on=ON)
    code = check.result["matches"][0]["code"]
    decision = check_correct(check=check, user=corrector, choice=code)
    assert decision.item_code == code and decision.list_kind == "township_basic"
    with pytest.raises(ValidationError, match="请从审查结果列出的事项中选择"):
        check_correct(check=check, user=corrector, choice="NOT-SHOWN")


def test_correcting_needs_the_permission(tree, lists):
    check = check_run(region=tree["town"], text=FIRST, on=ON)
    with pytest.raises(PermissionDenied):
        check_correct(check=check, user=make_user("plain"), choice="unlisted")
    assert not CheckDecision.objects.exists()


@pytest.mark.parametrize("text", ["   ", "？？？！！", "123 456", "。。。"])
def test_empty_or_meaningless_text_is_refused_in_chinese(tree, lists, text):
    with pytest.raises(ValidationError) as exc:
        check_run(region=tree["town"], text=text, on=ON)
    message = str(exc.value)
    assert "请填写拟交办的事项内容" in message or "无法识别事项内容" in message


def test_decided_tasks_are_read_once_until_a_new_decision(
    tree, lists, corrector, django_assert_num_queries
):
    """A county's decided tasks are kept per process: a check reads them with no query until
    someone decides another task (in any process: the decisions table's generation changes)."""
    from registry import generations
    from registry.selectors import decision_precedents

    first = check_run(region=tree["town"], text=FIRST, on=ON)
    check_correct(check=first, user=corrector, choice="unlisted")
    with django_assert_num_queries(1):
        assert [
            p.text for p in decision_precedents(county=tree["county"], target_level="township")
        ] == [FIRST]
    with django_assert_num_queries(0):
        decision_precedents(county=tree["county"], target_level="township")

    # Written by another process without a signal this one could hear: only the shared
    # generation tells, and it is enough.
    CheckDecision.objects.bulk_create(
        [
            CheckDecision(
                county=tree["county"],
                target_level="township",
                text=LATER,
                verdict=CheckVerdict.UNLISTED,
                source=DecisionSource.CORRECTION,
                decided_by=corrector,
            )
        ]
    )
    with django_assert_num_queries(0):
        assert len(decision_precedents(county=tree["county"], target_level="township")) == 1
    generations.bump(CheckDecision)
    with django_assert_num_queries(1):
        assert len(decision_precedents(county=tree["county"], target_level="township")) == 2


def test_a_redecided_check_counts_once_by_its_newest_decision(tree, lists, corrector):
    """An outsider's walk: a check decided again (another choice, another reviewer) kept its
    earlier decision among the county's evidence, so a later check listed the same task twice with
    two conclusions and could follow the superseded one. Each check counts by its newest decision;
    the earlier ones stay on record."""
    from registry.selectors import decision_precedents

    first = check_run(region=tree["town"], text=FIRST, on=ON)
    code = first.result["matches"][0]["code"]
    check_correct(check=first, user=corrector, choice="unlisted")
    check_correct(check=first, user=corrector, choice=code)
    check_correct(check=first, user=corrector, choice="unlisted")  # back to the first reading
    assert first.decisions.count() == 3  # the history is kept
    precedents = decision_precedents(county=tree["county"], target_level="township")
    assert [(p.text, p.verdict) for p in precedents] == [(FIRST, "unlisted")]
    later = check_run(region=tree["street"], text=LATER, on=ON)
    assert [d["verdict"] for d in later.result["similar_decisions"]] == ["unlisted"]


def test_a_new_note_on_the_same_choice_is_kept_and_a_long_one_refused(tree, lists, corrector):
    """The walk: the same choice with a new 说明 said 已保存 but kept the old note; a note over 200
    characters was cut without a word."""
    check = check_run(region=tree["town"], text=FIRST, on=ON)
    check_correct(check=check, user=corrector, choice="unlisted", note="初次认定")
    again = check_correct(check=check, user=corrector, choice="unlisted", note="初次认定")
    assert check.decisions.count() == 1 and again.note == "初次认定"  # a second click
    check_correct(check=check, user=corrector, choice="unlisted", note="补充：县里另有安排")
    assert check.decisions.first().note == "补充：县里另有安排"
    with pytest.raises(ValidationError, match="说明不能超过200字（现为201字）"):
        check_correct(check=check, user=corrector, choice="unlisted", note="长" * 201)
    assert check.decisions.count() == 2
