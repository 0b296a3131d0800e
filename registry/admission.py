"""Admission check (准入审查) of a task a department wants to assign to a township or village.

Pure module: no Django, no settings, no Wagtail.  Implements the rules of domain.md §7:

* township: 基本 → allowed; 配合 → allowed within the township's part, the lead department keeps
  primary responsibility; 收回 → violation; nothing → needs 职责准入 (else ``QDWSX``);
* village: 自治 → allowed; 协助 → allowed with 费随事转; 负面 → violation; certificates are
  checked against the two certificate lists; nothing → needs 准入 (else ``WZRTP``);
* cross-cutting flags, always run, mapped to 码上减 category codes.

Missing a prohibited match (收回 / 负面 / 不应出具证明) is the costliest error, so prohibited
kinds win close calls, and wording that marks professional enforcement or a burden
(罚款, 执法检查, 负总责, 截图, 抽调, 挂牌 …) moves a decision towards them.  Wording that marks
the township's or village's helping role (巡查 … 报告, 协助, 宣传) moves it back.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from registry.matching import IndexItem, Match, MatchIndex, normalize
from registry.text import synonym_sources

# --- list kinds (= CSV stems; will move to an enums module) ----------------------------------
KIND_TOWNSHIP_BASIC = "township_basic"
KIND_TOWNSHIP_COOPERATE = "township_cooperate"
KIND_TOWNSHIP_WITHDRAWN = "township_withdrawn"
KIND_VILLAGE_SELFGOV = "village_selfgov"
KIND_VILLAGE_ASSIST = "village_assist"
KIND_VILLAGE_NEGATIVE = "village_negative"
KIND_VILLAGE_CERTIFICATES = "village_certificates"
KIND_VILLAGE_NO_CERTIFICATES = "village_no_certificates"

# --- verdicts ---------------------------------------------------------------------------------
VERDICT_BASIC = "basic"
VERDICT_COOPERATE = "cooperate"
VERDICT_WITHDRAWN = "withdrawn"
VERDICT_SELFGOV = "selfgov"
VERDICT_ASSIST = "assist"
VERDICT_NEGATIVE = "negative"
VERDICT_CERTIFICATE_ALLOWED = "certificate_allowed"
VERDICT_CERTIFICATE_FORBIDDEN = "certificate_forbidden"
VERDICT_UNLISTED = "unlisted"
# Not sure: a reviewer decides, helped by the top candidates and why each is one.
VERDICT_REVIEW = "review"

LEVEL_TOWNSHIP = "township"
LEVEL_VILLAGE = "village"

KIND_TO_VERDICT: dict[str, str] = {
    KIND_TOWNSHIP_BASIC: VERDICT_BASIC,
    KIND_TOWNSHIP_COOPERATE: VERDICT_COOPERATE,
    KIND_TOWNSHIP_WITHDRAWN: VERDICT_WITHDRAWN,
    KIND_VILLAGE_SELFGOV: VERDICT_SELFGOV,
    KIND_VILLAGE_ASSIST: VERDICT_ASSIST,
    KIND_VILLAGE_NEGATIVE: VERDICT_NEGATIVE,
    KIND_VILLAGE_CERTIFICATES: VERDICT_CERTIFICATE_ALLOWED,
    KIND_VILLAGE_NO_CERTIFICATES: VERDICT_CERTIFICATE_FORBIDDEN,
}
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    LEVEL_TOWNSHIP: (KIND_TOWNSHIP_BASIC, KIND_TOWNSHIP_COOPERATE, KIND_TOWNSHIP_WITHDRAWN),
    LEVEL_VILLAGE: (
        KIND_VILLAGE_SELFGOV,
        KIND_VILLAGE_ASSIST,
        KIND_VILLAGE_NEGATIVE,
        KIND_VILLAGE_CERTIFICATES,
        KIND_VILLAGE_NO_CERTIFICATES,
    ),
}
PROHIBITED_VERDICTS = frozenset(
    {VERDICT_WITHDRAWN, VERDICT_NEGATIVE, VERDICT_CERTIFICATE_FORBIDDEN}
)
PROHIBITED_KINDS = frozenset(
    {KIND_TOWNSHIP_WITHDRAWN, KIND_VILLAGE_NEGATIVE, KIND_VILLAGE_NO_CERTIFICATES}
)
CERTIFICATE_KINDS = frozenset({KIND_VILLAGE_CERTIFICATES, KIND_VILLAGE_NO_CERTIFICATES})

# 码上减 category codes (mashangjian_categories.csv) used by flags and unlisted verdicts.
FLAG_SDZR = "SDZR"
FLAG_TBBS = "TBBS"
FLAG_ZJXS = "ZJXS"
FLAG_JDGB = "JDGB"
FLAG_JZPZ = "JZPZ"
CASE_QDWSX = "QDWSX"
CASE_WZRTP = "WZRTP"
CASE_ZMSX = "ZMSX"

# What each code shown to a user means (the 码上减 categories, domain.md §6–7).
CODE_LABELS: dict[str, str] = {
    "WSHH": "文山会海",
    "DJK": "督查检查考核过多过频",
    FLAG_TBBS: "填表报数过多过频（未经统一部署要求填表报数）",
    FLAG_ZJXS: "指尖上的形式主义（打卡、截图、工作群接龙等）",
    FLAG_JDGB: "违规借调、抽调基层干部",
    "CJSF": "违规创建示范和评比表彰",
    FLAG_SDZR: "属地管理泛化、责任转嫁（如要求签订责任状）",
    CASE_QDWSX: "乡镇清单外事项摊派（未经职责准入向乡镇（街道）交办清单外事项）",
    CASE_WZRTP: "未经准入向村（社区）摊派任务",
    FLAG_JZPZ: "机制牌子（要求挂牌、设机制或专人专岗）",
    CASE_ZMSX: "证明事项（要求村（社区）出具不应出具的证明，“万能章”）",
    "DYKC": "调研考察扎堆和层层陪同",
    "XXGC": "形象工程、政绩工程和弄虚作假",
    "QT": "其他增加基层负担问题",
}

MAX_CITED = 5
MAX_CANDIDATES = 3
# Cite an item only if it scores at least this share of the best one: a 0.02 hit beside a
# 0.53 one is noise to a reader, not a reason.
CITE_RELATIVE = 0.25


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    evidence: str


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


@dataclass(frozen=True)
class Candidate:
    """An item a reviewer should consider, and why."""

    match: Match
    verdict: str
    highlights: tuple[Highlight, ...]


@dataclass(frozen=True)
class Precedent:
    """A task of the same county already decided by a person (admission decision, correction)."""

    text: str
    verdict: str
    target_level: str
    item_code: str = ""  # the item the person chose; empty for 清单外
    source: str = ""
    decided_on: str = ""
    ref: str = ""


@dataclass(frozen=True)
class PrecedentHit:
    precedent: Precedent
    similarity: float


@dataclass(frozen=True)
class Tuning:
    """The tunables of the decision; bench/bench_admission.py chooses them by cross-validation.

    * ``accept_score``: a listed verdict needs at least this score to be taken automatically;
    * ``margin``: … and its top item must lead the best item of another verdict by this share;
    * ``prohibited_doubt``: an allowed verdict goes to a reviewer when a prohibited item scores
      at least this share of it;
    * ``unlisted_doubt``: 清单外 goes to a reviewer when the nearest item scores above this;
    * ``precedent_similarity``: a decided task this similar counts as evidence.
    """

    accept_score: float = 0.16
    margin: float = 0.15
    prohibited_doubt: float = 0.9
    unlisted_doubt: float = 0.15
    precedent_similarity: float = 0.4


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    matches: tuple[Match, ...]
    consequences: tuple[str, ...]
    flags: tuple[Flag, ...]
    # 码上减 category a violation would be filed under (for unlisted: if assigned without
    # approval).  Empty when the task is allowed.
    violation_code: str = ""
    # For ``unlisted``: the nearest items, below the threshold, shown as "did you mean".
    candidates: tuple[Match, ...] = ()
    # 0–1; below 0.5 the verdict is ``review`` (see ``Tuning``).
    confidence: float = 1.0
    # For ``review``: the verdict the rules lean to, and why a person must decide.
    suggested_verdict: str = ""
    review_reasons: tuple[str, ...] = ()
    # For ``review``: the top candidate items with their shared words.
    review_candidates: tuple[Candidate, ...] = ()
    # Words shared with each cited match (same order as ``matches``) and each candidate.
    highlights: tuple[tuple[Highlight, ...], ...] = ()
    candidate_highlights: tuple[tuple[Highlight, ...], ...] = ()
    precedents: tuple[PrecedentHit, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.verdict not in PROHIBITED_VERDICTS and self.verdict not in (
            VERDICT_UNLISTED,
            VERDICT_REVIEW,
        )


# ---------------------------------------------------------------------------------------------
# Cross-cutting flags (domain.md §7.4).  Patterns run on normalised text.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _FlagRule:
    code: str
    label: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


FLAG_RULES: tuple[_FlagRule, ...] = (
    _FlagRule(
        FLAG_SDZR,
        "要求签订责任状、转嫁责任",
        _re(
            r"(签订|签署|签|递交|上交)[^,.;]{0,12}(责任状|责任书|承诺书|军令状|保证书)"
            r"|责任状|军令状|负总责|负全责|兜底责任|作为责任主体"
        ),
    ),
    _FlagRule(
        FLAG_TBBS,
        "未经统一部署要求填表报数",
        _re(
            r"(填写|填报|报送|上报|提供|制作|报)[^,.;]{0,10}(表格|报表|统计表|表册|登记表|材料|台账)"
            r"|(各类|多种|重复)(表格|报表)"
        ),
        unless=_re(r"统一部署"),
    ),
    _FlagRule(
        FLAG_ZJXS,
        "以打卡、截图等“指尖”方式要求基层",
        _re(
            r"截图|拍照上传|上传照片|照片数量|录制视频|上传视频|打卡|签到|积分排名|在线时长|接龙"
            r"|下载[^,.;]{0,10}app|app[^,.;]{0,10}(签到|打卡|积分|排名)"
        ),
    ),
    _FlagRule(
        FLAG_JDGB,
        "借调、抽调基层干部",
        _re(r"抽调|借调|跟班学习|派员值班|借用[^,.;]{0,6}(人员|干部)|(到|去)[^,.;]{0,12}帮忙"),
    ),
    _FlagRule(
        FLAG_JZPZ,
        "要求挂牌子、设机制或专人专岗",
        _re(
            r"(挂|加挂|悬挂)[^,.;]{0,14}(牌子|牌匾|标牌)|牌子|专人专岗|专职[^,.;]{0,8}员"
            r"|(设立|成立|建立)[^,.;]{0,10}(工作站|工作室)"
        ),
        unless=_re(r"光荣牌"),
    ),
)


def detect_flags(text: str) -> tuple[Flag, ...]:
    norm = normalize(text)
    flags = []
    for rule in FLAG_RULES:
        if rule.unless is not None and rule.unless.search(norm):
            continue
        m = rule.pattern.search(norm)
        if m:
            flags.append(Flag(code=rule.code, label=rule.label, evidence=m.group(0)))
    return tuple(flags)


# ---------------------------------------------------------------------------------------------
# Cues that move a decision between kinds.
# ---------------------------------------------------------------------------------------------
# A request for a certificate, opinion or feedback letter from a village.
CERTIFICATE_CUE = _re(
    r"证明|(出具|开具|开|签署|提供|盖章)[^,.;]{0,20}(意见|反馈|证明|回函)|回函|盖章|函调|外调"
    r"|指定监护人|政治考核表|反馈[^.;]{0,30}情况|情况[^,.;]{0,4}反馈|(评议|审查|同意)意见"
    r"|说明[^,.;]{0,12}(来源|权属)"
)
# 执法 inside the name of an organisation (县综合执法局, 执法大队) is who, not what.
_ENFORCE = r"执法(?!局|大队|中队|队|机构|部门|人员)"


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Wording that, on its own, makes a task a burden the negative list forbids, whatever the topic:
# paying, pledging, seconding, proving by screenshots, plaques, enforcement, investment quotas.
STRONG_NEGATIVE_CUE = _any(
    (
        r"负总责|负全责|作为责任主体|第一责任人|追究[^,.;]{0,8}(村|社区)[^,.;]{0,6}责任|兜底责任",
        r"罚款|处罚|" + _ENFORCE + r"|查封|扣押|没收|强制拆除|拆除[^,.;]{0,12}(违法|违章|违建)",
        r"招商",
        r"代收|代缴|代征|收取[^,.;]{0,10}费|垫资|垫付|推销|担保",
        # Selling a commercial product through the village (insurance, papers), often with a quota.
        r"商业[^,.;]{0,6}保险|惠民保|购买[^,.;]{0,10}(保险|报刊|产品)",
        r"凑数|凑人数|人气|撑场面|充场面",
        r"截图|拍照上传|照片上传|上传[^,.;]{0,8}(照片|图片|视频)|打卡|签到|积分排名|接龙|下载[^,.;]{0,10}app",
        r"抽调|借调|跟班",
        r"挂牌|加挂|挂上|牌子|专职|专人专岗",
        r"责任状|责任书|承诺书|军令状",
    )
)
# Weaker signs of a negative-list burden: they tip close calls only.
WEAK_NEGATIVE_CUE = _any(
    (
        r"示范|达标|评比|排名|考核|通报|检查",
        r"录入|信息采集|数据采集|填报|报表|表格|台账|材料",
        r"特种设备|电梯|锅炉|危险化学品|危化品|加油站|液化气",
        r"工作站|工作群|微信群|app|值班|帮忙|到场",
        r"责任主体|拆除|拆迁",
    )
)
# Professional enforcement, approval or licensing: the township cannot carry it (收回事项).
STRONG_ENFORCEMENT_CUE = _any(
    (
        r"立案|查处|处罚|罚款|吊销|" + _ENFORCE,
        r"审批|核发|发放[^,.;]{0,6}证|许可证|初审意见|仲裁|裁决|作出[^,.;]{0,6}(决定|结论)",
    )
)
WEAK_ENFORCEMENT_CUE = _any(
    (
        r"监督检查|抽检|检验|检测|检定|质量|专项检查|安全检查|开展检查|逐台|资质|监管",
        r"举证|内外业|核查",
    )
)
# The helping part: watch, dissuade, report to the department, publicise.
HELPING_CUE = _any(
    (
        r"(报告|上报|报给|报|移交|反馈)[^,.;]{0,12}(局|部门|大队|所|站|中心|公安|应急|查处)",
        r"配合|协助|劝阻|劝导|劝返|制止|宣传|提醒",
    )
)
# The (sub)unit reports so that the department can enforce: not enforcement by the unit itself.
REPORTING_FOR_ENFORCEMENT = _re(r"(报告|报|移交)[^,.;]{0,16}(查处|处理|执法)")

# A hit needs both: a minimum score and about one distinctive topic word in common.
UNLISTED_THRESHOLD = 0.11
EVIDENCE_THRESHOLD = 1.0
# When the wording already points at a kind (a certificate request, a burden cue), half as much
# topic evidence is enough for that kind.
CUED_EVIDENCE_THRESHOLD = 0.75
STRONG_SCORE = 0.3  # a score this high needs only the cued evidence
CUE_BONUS = 0.25  # relative boost of a kind whose cue words occur in the task
PROHIBITED_MARGIN = 0.10  # relative edge of prohibited kinds in close calls


def _is_hit(m: Match, *, cued: bool = False) -> bool:
    # A high overall score (much of the item's name and of the task in common) is itself a sign
    # of the topic: like a cue, it halves the topic evidence needed.
    need = CUED_EVIDENCE_THRESHOLD if cued or m.score >= STRONG_SCORE else EVIDENCE_THRESHOLD
    return m.score >= UNLISTED_THRESHOLD and m.evidence >= need


@dataclass(frozen=True)
class _Decision:
    verdict: str
    ranked: tuple[Match, ...]
    # The wording (a strong cue) put a prohibited item first over a better-scoring one.
    forced: bool = False
    # A strong cue of the verdict's (prohibited) kind is in the wording.
    cued: bool = False


def _rank(pool: Sequence[Match], bonus: dict[str, float]) -> list[Match]:
    def adjusted(m: Match) -> float:
        return m.score * (1.0 + bonus.get(m.item.list_kind, 0.0))

    return sorted(pool, key=lambda m: (-adjusted(m), m.item.list_kind, m.item.seq))


def _pick(ranked: list[Match], cued: Collection[str], override: Collection[str]) -> _Decision:
    """The best hit, where hits of an ``override`` kind beat every other kind."""
    hits = [m for m in ranked if _is_hit(m, cued=m.item.list_kind in cued)]
    if not hits:
        return _Decision(VERDICT_UNLISTED, tuple(ranked))
    forced = [m for m in hits if m.item.list_kind in override]
    top = forced[0] if forced else hits[0]
    rest = [m for m in ranked if m is not top]
    return _Decision(
        KIND_TO_VERDICT[top.item.list_kind],
        (top, *rest),
        forced=top is not hits[0],
        cued=top.item.list_kind in override,
    )


def _decide_village(norm: str, matches: list[Match], index: MatchIndex, text: str) -> _Decision:
    if CERTIFICATE_CUE.search(norm):
        certs = [m for m in matches if m.item.list_kind in CERTIFICATE_KINDS]
        # Not-to-be-issued certificates win close calls against the allowed ones.
        ranked = _rank(certs, {KIND_VILLAGE_NO_CERTIFICATES: PROHIBITED_MARGIN})
        decision = _pick(ranked, cued=CERTIFICATE_KINDS, override=())
        if decision.verdict != VERDICT_UNLISTED:
            return decision
        # A certificate on neither list has no basis a village may certify on: that is the
        # negative-list item on certificates, if the county lists one.
        proof = [
            m
            for m in index.search(text + " 出具证明", limit=5, kinds=(KIND_VILLAGE_NEGATIVE,))
            if "证明" in m.item.name
        ]
        if proof:
            return _Decision(VERDICT_NEGATIVE, (proof[0], *ranked))
    pool = [m for m in matches if m.item.list_kind not in CERTIFICATE_KINDS]
    bonus = {KIND_VILLAGE_NEGATIVE: PROHIBITED_MARGIN}
    cued: set[str] = set()
    override: set[str] = set()
    if STRONG_NEGATIVE_CUE.search(norm):
        cued.add(KIND_VILLAGE_NEGATIVE)
        override.add(KIND_VILLAGE_NEGATIVE)
        bonus[KIND_VILLAGE_NEGATIVE] += CUE_BONUS
    elif WEAK_NEGATIVE_CUE.search(norm):
        cued.add(KIND_VILLAGE_NEGATIVE)
        bonus[KIND_VILLAGE_NEGATIVE] += CUE_BONUS
    return _pick(_rank(pool, bonus), cued=cued, override=override)


def _decide_township(norm: str, matches: list[Match]) -> _Decision:
    bonus = {KIND_TOWNSHIP_WITHDRAWN: PROHIBITED_MARGIN}
    cued: set[str] = set()
    override: set[str] = set()
    helping = HELPING_CUE.search(norm) or REPORTING_FOR_ENFORCEMENT.search(norm)
    if STRONG_ENFORCEMENT_CUE.search(norm) and not helping:
        cued.add(KIND_TOWNSHIP_WITHDRAWN)
        override.add(KIND_TOWNSHIP_WITHDRAWN)
        bonus[KIND_TOWNSHIP_WITHDRAWN] += CUE_BONUS
    elif WEAK_ENFORCEMENT_CUE.search(norm) and not helping:
        bonus[KIND_TOWNSHIP_WITHDRAWN] += CUE_BONUS
    elif helping:
        bonus[KIND_TOWNSHIP_COOPERATE] = CUE_BONUS / 2
    return _pick(_rank(matches, bonus), cued=cued, override=override)


def _burden_cue(norm: str, target_level: str) -> str:
    """The wording that marks a prohibited burden for the level, if any (empty otherwise)."""
    if target_level == LEVEL_VILLAGE:
        m = STRONG_NEGATIVE_CUE.search(norm)
        return m.group(0) if m else ""
    return ""


def _same_department(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    return bool(a and b) and (a == b or a in b or b in a)


def _consequences(  # noqa: C901 - the verdict table of the check, one branch per list kind
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
        if department and item.department and not _same_department(department, item.department):
            out.append(
                f"注意：交办部门“{department}”不是该事项的主责部门“{item.department}”，"
                "应由主责部门交办，超出配合职责的部分不得交由乡镇（街道）承担。"
            )
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
        if department and item.department and not _same_department(department, item.department):
            out.append(
                f"注意：交办部门“{department}”不是该协助事项的责任部门“{item.department}”，"
                "应由责任部门交办，或先经准入审批。"
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
    if verdict in PROHIBITED_VERDICTS:
        code = CASE_QDWSX if target_level == LEVEL_TOWNSHIP else CASE_WZRTP
        if verdict == VERDICT_CERTIFICATE_FORBIDDEN:
            code = CASE_ZMSX
        out.append(f"如仍交办，可通过“码上减”反映（类别 {code}）。")
    return tuple(out)


_VIOLATION_CODES = {
    VERDICT_WITHDRAWN: CASE_QDWSX,
    VERDICT_NEGATIVE: CASE_WZRTP,
    VERDICT_CERTIFICATE_FORBIDDEN: CASE_ZMSX,
}


def _cited(ranked) -> tuple:
    """The best item always; the next ones only while they are comparably relevant."""
    if not ranked:
        return ()
    floor = ranked[0].score * CITE_RELATIVE
    return (ranked[0], *(m for m in ranked[1:MAX_CITED] if m.score >= floor))


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
    return tuple(out)


def _alternative(ranked: Sequence[Match], verdict: str) -> Match | None:
    """The best-ranked hit of another verdict than ``verdict``."""
    for m in ranked[1:]:
        if KIND_TO_VERDICT[m.item.list_kind] != verdict and _is_hit(m):
            return m
    return None


def _confidence(  # noqa: C901 - the calibrated confidence, one rule per branch (docs/admission.md)
    verdict: str,
    ranked: Sequence[Match],
    tuning: Tuning,
    *,
    forced: bool = False,
    cued: bool = False,
) -> tuple[float, tuple[str, ...]]:
    """Confidence in [0, 1] and, when it is below 0.5, the reasons a person must decide."""
    if verdict == VERDICT_UNLISTED:
        best = ranked[0] if ranked else None
        if best is None or tuning.unlisted_doubt <= 0:
            return 1.0, ()
        conf = max(0.0, 1.0 - best.score / (2 * tuning.unlisted_doubt))
        if best.score > tuning.unlisted_doubt and best.evidence >= CUED_EVIDENCE_THRESHOLD:
            return min(conf, 0.49), (f"与“{best.item.name}”部分相近，不能排除属于清单事项。",)
        return max(conf, 0.5), ()
    top = ranked[0]
    strength = min(1.0, top.score / (2 * tuning.accept_score)) if tuning.accept_score else 1.0
    reasons: list[str] = []
    # A low score is no doubt when a strong cue names the prohibited kind it belongs to.
    if top.score < tuning.accept_score and not cued:
        reasons.append(f"与“{top.item.name}”只有少量共同用语，相似度偏低。")
    alt = _alternative(ranked, verdict)
    lead = 1.0
    if alt is not None and top.score > 0:
        lead = (top.score - alt.score) / top.score
        if tuning.margin > 0:
            strength = min(strength, 0.5 + 0.5 * min(1.0, max(-1.0, lead / tuning.margin - 1)))
        # A prohibited verdict the wording forced over a higher-scoring item is not a doubt
        # (the cue is the evidence, and the reading is the cautious one).
        if lead < tuning.margin and (
            verdict not in PROHIBITED_VERDICTS or (tuning.margin > 0 and not forced)
        ):
            reasons.append(f"“{top.item.name}”与“{alt.item.name}”（另一类清单）同样相近。")
        if (
            verdict in PROHIBITED_VERDICTS
            and KIND_TO_VERDICT[alt.item.list_kind] not in PROHIBITED_VERDICTS
            and alt.score > top.score
            and alt.evidence > top.evidence
        ):
            # The prohibited item won only by the edge prohibited kinds get in close calls,
            # while an allowed item is closer on both counts: a person decides.
            reasons.append(
                f"也可能属于允许事项“{alt.item.name}”（更相近）：禁止与允许之间有疑问时须人工研判。"
            )
    if verdict not in PROHIBITED_VERDICTS:
        for m in ranked[1:]:
            if (
                m.item.list_kind in PROHIBITED_KINDS
                and m.score >= tuning.prohibited_doubt * top.score
                and m.evidence >= CUED_EVIDENCE_THRESHOLD
            ):
                reasons.append(
                    f"也可能属于禁止事项“{m.item.name}”：禁止与允许之间有疑问时须人工研判。"
                )
                break
    conf = round(strength, 2)
    if reasons:
        conf = min(conf, 0.49)
    elif conf < 0.5:
        conf = 0.5
    return conf, tuple(reasons)


def _precedent_hits(
    text: str, target_level: str, precedents: Sequence[Precedent], index: MatchIndex, tuning: Tuning
) -> tuple[PrecedentHit, ...]:
    hits = []
    for p in precedents:
        if p.target_level != target_level:
            continue
        sim = index.similarity(text, p.text)
        if sim >= tuning.precedent_similarity:
            hits.append(PrecedentHit(p, sim))
    hits.sort(key=lambda h: -h.similarity)
    return tuple(hits[:MAX_CANDIDATES])


def _as_match(index: MatchIndex, ranked: Sequence[Match], code: str) -> Match | None:
    for m in ranked:
        if m.item.code == code:
            return m
    item = index.item(code)
    return Match(item=item, score=0.0, matched_terms=()) if item is not None else None


def check_task(  # noqa: C901 - the check's pipeline; each step is a helper
    *,
    text: str,
    target_level: str,
    index: MatchIndex,
    department: str = "",
    precedents: Sequence[Precedent] = (),
    tuning: Tuning = DEFAULT_TUNING,
) -> CheckResult:
    """Check one task assignment against the lists in ``index`` for ``target_level``.

    ``index`` may hold all eight kinds (e.g. a county-wide index); only the kinds of the target
    level are searched.  ``department`` is the assigning department's short name, if known.
    ``precedents`` are tasks of the same county that people have decided: a similar one counts
    as evidence (never across counties: the caller passes only the county's own).

    The verdict is ``review`` (需人工研判) when the confidence is below 0.5; a prohibited reading
    is never turned into an allowed verdict automatically.
    """
    if target_level not in LEVEL_KINDS:
        raise ValueError(f"unknown target_level {target_level!r}")
    matches = index.search(text, limit=20, kinds=LEVEL_KINDS[target_level])
    norm = normalize(text)
    if target_level == LEVEL_VILLAGE:
        decision = _decide_village(norm, matches, index, text)
    else:
        decision = _decide_township(norm, matches)
    verdict = decision.verdict
    ranked = list(decision.ranked)
    confidence, reasons = _confidence(
        verdict, ranked, tuning, forced=decision.forced, cued=decision.cued
    )
    cue = _burden_cue(norm, target_level)
    if cue and verdict not in PROHIBITED_VERDICTS and verdict != VERDICT_UNLISTED:
        # The wording carries a mark of a prohibited burden but no prohibited item matched well
        # enough to be cited: an allowed reading is in doubt, a person decides.
        reasons = (
            *reasons,
            f"任务用语“{cue}”带有禁止事项的特征，但未能确认对应的禁止事项：须人工研判。",
        )
        confidence = min(confidence, 0.49)

    hits = _precedent_hits(text, target_level, precedents, index, tuning) if precedents else ()
    if hits:
        best = hits[0].precedent
        chosen = _as_match(index, ranked, best.item_code) if best.item_code else None
        # A decision naming an item this index does not hold (not yet published, or another
        # unit type's list) is shown but cannot decide anything.
        usable = best.verdict == VERDICT_UNLISTED or chosen is not None
        same = best.verdict == verdict and (
            not best.item_code or bool(ranked and ranked[0].item.code == best.item_code)
        )
        if same:
            confidence, reasons = max(confidence, round(hits[0].similarity, 2)), ()
        elif not usable:
            pass
        elif verdict in PROHIBITED_VERDICTS and best.verdict not in PROHIBITED_VERDICTS:
            reasons = (*reasons, "类似的已审事项结论不同，须人工研判。")
            confidence = min(confidence, 0.49)
        else:
            verdict = best.verdict
            if chosen is not None:
                ranked = [chosen, *(m for m in ranked if m.item.code != chosen.item.code)]
            confidence, reasons = round(hits[0].similarity, 2), ()

    suggested = ""
    if reasons:
        suggested, verdict = verdict, VERDICT_REVIEW
    cited = _cited(ranked) if verdict not in (VERDICT_UNLISTED, VERDICT_REVIEW) and ranked else ()
    if verdict not in (VERDICT_UNLISTED, VERDICT_REVIEW) and not cited:
        verdict = VERDICT_UNLISTED  # a precedent of 清单外 leaves nothing to cite
    top = cited[0] if cited else None
    # Under review, the code the suggested reading would be filed under (if it is a violation).
    reading = suggested if verdict == VERDICT_REVIEW else verdict
    violation = _VIOLATION_CODES.get(reading, "")
    if reading == VERDICT_UNLISTED:
        violation = CASE_QDWSX if target_level == LEVEL_TOWNSHIP else CASE_WZRTP
    candidates = tuple(ranked[:MAX_CITED]) if verdict == VERDICT_UNLISTED else ()
    review_candidates: tuple[Candidate, ...] = ()
    if verdict == VERDICT_REVIEW:
        review_candidates = tuple(
            Candidate(
                m, KIND_TO_VERDICT[m.item.list_kind], highlights(text, m.item, m.matched_terms)
            )
            for m in ranked[:MAX_CANDIDATES]
        )
    consequences = _consequences(verdict, top, target_level, department)
    if verdict == VERDICT_REVIEW:
        consequences = (
            "系统不能确定该事项属于哪一类，已列出最相近的事项及理由，请由审核人员研判后再决定能否交办。",
            *reasons,
        )
    return CheckResult(
        verdict=verdict,
        matches=tuple(cited),
        consequences=consequences,
        flags=detect_flags(text),
        violation_code=violation,
        candidates=candidates,
        confidence=confidence,
        suggested_verdict=suggested,
        review_reasons=reasons,
        review_candidates=review_candidates,
        highlights=tuple(highlights(text, m.item, m.matched_terms) for m in cited),
        candidate_highlights=tuple(highlights(text, m.item, m.matched_terms) for m in candidates),
        precedents=hits,
    )
