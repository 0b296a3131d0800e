"""What the admission check tells a person: the consequences of a verdict and the words to
highlight (only words really written in both the task and the item, synonyms shown as such).

Pure module (no Django).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from registry.admission_cues import CASE_QDWSX, CASE_WZRTP, violation_code
from registry.kinds import (
    LEVEL_TOWNSHIP,
    PROHIBITED_VERDICTS,
    VERDICT_ASSIST,
    VERDICT_BASIC,
    VERDICT_CERTIFICATE_ALLOWED,
    VERDICT_CERTIFICATE_FORBIDDEN,
    VERDICT_COOPERATE,
    VERDICT_NEGATIVE,
    VERDICT_SELFGOV,
    VERDICT_UNLISTED,
    VERDICT_WITHDRAWN,
)
from registry.matching import IndexItem, Match, normalize
from registry.text import synonym_sources


@dataclass(frozen=True)
class Highlight:
    """A word shared by the task and an item, as written in each (for highlighting).

    ``task`` and ``item`` are substrings of the normalised task text and item text; they differ
    when the thesaurus linked them (``synonym``), e.g. task 地灾, item 地质灾害.
    """

    word: str
    task: str
    item: str
    synonym: bool = False


def highlights(text: str, item: IndexItem, terms: Iterable[str]) -> tuple[Highlight, ...]:
    """The ``terms`` really written in both ``text`` and the item, directly or via the thesaurus.

    A term the matcher shared only through expansions on both sides, or through a field a reader
    does not see, is left out: an explanation must never show a word the reader cannot find.
    """
    task = normalize(text)
    item_text = normalize(" ".join((item.name, item.content, item.aliases)))
    task_syn = synonym_sources(task)
    item_syn = synonym_sources(item_text)
    out: list[Highlight] = []
    seen: set[str] = set()
    for t in terms:
        task_form = t if t in task else task_syn.get(t, "")
        item_form = t if t in item_text else item_syn.get(t, "")
        if not task_form or not item_form or (task_form, item_form) in seen:
            continue
        seen.add((task_form, item_form))
        out.append(Highlight(t, task_form, item_form, synonym=task_form != item_form))
    out = _joined(out, task, item_text)
    # One highlight per word of the task (a direct match before a synonym), and no fragment of a
    # longer word also shown (成年 and 未成 beside 未成年): a reader checks words, not pieces.
    first = {}
    for h in sorted(out, key=lambda h: h.synonym):
        first.setdefault(h.task, h)
    kept = [
        h for h in out if first[h.task] is h and not any(h.task != o and h.task in o for o in first)
    ]
    return tuple(sorted(kept, key=lambda h: task.find(h.task)))  # in the order the task says them


def _joined(shown: list[Highlight], task: str, item_text: str) -> list[Highlight]:
    """Overlapping pieces of one word written in both texts, shown as that word (未成年 and
    成年人 → 未成年人 when both texts say 未成年人)."""
    out = list(shown)
    while pair := next(
        (
            (a, b, whole)
            for a in out
            for b in out
            if a is not b and not a.synonym and not b.synonym
            for whole in [_overlapped(a.task, b.task)]
            if whole and whole in task and whole in item_text
        ),
        None,
    ):
        a, b, whole = pair
        out = [h for h in out if h is not a and h is not b]
        out.append(Highlight(whole, whole, whole, synonym=False))
    return out


def _overlapped(a: str, b: str) -> str:
    """``a`` continued by ``b`` where ``a`` ends with the start of ``b`` ("" if it does not)."""
    for k in range(min(len(a), len(b)) - 1, 0, -1):
        if a[-k:] == b[:k]:
            return a + b[k:]
    return ""


def same_department(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    return bool(a and b) and (a == b or a in b or b in a)


# Verdicts whose item names the department that must assign it: who that is, and what follows
# when another department assigns the task.
_SENDER = {
    VERDICT_COOPERATE: (
        "该事项的主责部门",
        "应由主责部门交办，超出配合职责的部分不得交由乡镇（街道）承担。",
    ),
    VERDICT_ASSIST: ("该协助事项的责任部门", "应由责任部门交办，或先经准入审批。"),
}


def _wrong_sender(verdict: str, department: str, item: IndexItem) -> tuple[str, ...]:
    """The caution when the assigning department is not the item's responsible one."""
    if verdict not in _SENDER or not (department and item.department):
        return ()
    if same_department(department, item.department):
        return ()
    role, remedy = _SENDER[verdict]
    return (f"注意：交办部门“{department}”不是{role}“{item.department}”，{remedy}",)


def consequences(  # noqa: C901 - the verdict table of the check, one branch per list kind
    verdict: str, top: Match | None, target_level: str, department: str
) -> tuple[str, ...]:
    item = top.item if top else None
    out: list[str] = []
    if verdict == VERDICT_UNLISTED or item is None:
        if target_level == LEVEL_TOWNSHIP:
            out.append(
                "该事项不在乡镇（街道）履行职责事项清单内：须先按程序申请职责准入"
                "（县委编办审核，报县委、县政府批准）后方可交办；"
                f"未经准入交办属于“乡镇清单外事项摊派”（{CASE_QDWSX}）。"
            )
        else:
            out.append(
                "该事项不在村（社区）工作事项清单内：须先经村（社区）工作事项准入审批，"
                "明确经费和工作条件后方可交办；"
                f"未经准入交办属于“未经准入向村（社区）摊派任务”（{CASE_WZRTP}）。"
            )
        return tuple(out)

    name = item.name
    if verdict == VERDICT_BASIC:
        out.append(f"属于乡镇（街道）基本履职事项“{name}”，乡镇（街道）应当履行并负全责。")
    elif verdict == VERDICT_COOPERATE:
        lead = item.department or "县级主责部门"
        out.append(
            f"属于配合履职事项“{name}”：{lead}为主责部门，承担主体责任；"
            "乡镇（街道）只在配合职责范围内承担次要责任。"
        )
        if item.content:
            out.append(f"乡镇（街道）配合职责：{item.content}")
    elif verdict == VERDICT_WITHDRAWN:
        receiver = item.department or "上级主管部门"
        out.append(
            f"属于上级部门收回事项“{name}”，不得交由乡镇（街道）承担，应由{receiver}自行依法履行。"
        )
        if item.content:
            out.append(f"收回说明：{item.content}")
        if item.alternative:
            out.append(f"替代办法：{item.alternative}")
    elif verdict == VERDICT_SELFGOV:
        out.append(f"属于村（社区）依法自治事项“{name}”，由村（社区）依法自主办理。")
    elif verdict == VERDICT_ASSIST:
        dept = item.department or "责任部门"
        out.append(
            f"属于依法协助政府工作事项“{name}”，责任部门为{dept}；"
            "交办时须落实“费随事转”，明确所需经费、人员和工作条件。"
        )
    elif verdict == VERDICT_NEGATIVE:
        out.append(f"属于村（社区）负面清单事项“{name}”，不得向村（社区）摊派。")
        if item.alternative:
            out.append(f"替代办法：{item.alternative}")
    elif verdict == VERDICT_CERTIFICATE_FORBIDDEN:
        out.append(f"“{name}”属于村（社区）不应出具的证明事项，村（社区）应拒绝出具。")
        if item.alternative:
            out.append(f"替代办理方式：{item.alternative}")
    elif verdict == VERDICT_CERTIFICATE_ALLOWED:
        out.append(f"“{name}”属于村（社区）可以出具的证明事项，仅限用于所列用途。")
        if item.content:
            out.append(f"用途：{item.content}")
    out.extend(_wrong_sender(verdict, department, item))
    if verdict in PROHIBITED_VERDICTS:
        code = violation_code(verdict, target_level)
        out.append(f"如仍交办，可通过“码上减”反映（类别 {code}）。")
    return tuple(out)
