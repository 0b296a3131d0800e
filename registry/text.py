"""The one text toolkit: normalisation, the jieba tokenizer, the stopword list, the thesaurus.

Pure module (no Django).  The admission matcher (``registry.matching``), list search
(``registry.search``) and 码上减 hotspots (``mashangjian.hotspots``) all cut Chinese with the
tokenizer here, so a word is the same word everywhere.  The vocabulary itself is data in
``registry.thesaurus``.

jieba's dictionary takes about half a second to load: it is loaded once per process
(``base_tokenizer``) and copied cheaply when a caller needs its own user words
(``new_tokenizer``, one per match index).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Sequence

import jieba

from registry.thesaurus import NOT_INSIDE, THESAURUS

__all__ = [
    "FUNCTION_WORDS",
    "STOPWORDS",
    "THESAURUS",
    "base_tokenizer",
    "cut",
    "expand_synonyms",
    "is_meaningful",
    "new_tokenizer",
    "normalize",
    "prepare",
    "synonym_sources",
]

jieba.setLogLevel(logging.WARNING)

# The one stopword list, in two strengths.  FUNCTION_WORDS carry no meaning anywhere (search
# drops only these: a user searching 社区 means it).  STOPWORDS add the boilerplate of an
# administrative notice, which says who and when but never what the task is about.
FUNCTION_WORDS: frozenset[str] = frozenset(
    "的 和 与 及 或 等 之 在 对 为 了 是 、 , . ; : | ( ) [ ] - /".split()
)
STOPWORDS: frozenset[str] = FUNCTION_WORDS | frozenset(
    """
    请 各 各乡 各乡镇 各村 各社区 乡镇 街道 村 社区 村委会 居委会 村居 辖区 本村 本 该 对 的 了 和 与 及 或
    等 在 由 为 将 把 被 并 要 需 须 应 按 按照 根据 做好 开展 进行 负责 落实 加强 推进 工作 作为 依据
    情况 相关 有关 有 是 不 要求 通知 今年 明年 本月 下月 本周 月底 年底 前 后 每 每月 每年 每周
    一次 一名 一份 全部 全体 统一 确保 及时 县 县里 县局 我局 本局 上级 部门 单位 同志 各位 书记
    其 之 内 以 于 从 向 至 个 名 人 户 天 日 月 年 今天 之内 期间 当天 务必 尽快 立即 第一
    """.split()
)

_PUNCT_MAP = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "《": "<",
        "》": ">",
        "。": ".",
        "、": ",",
        "～": "~",
        "—": "-",
        "·": " ",
        "•": " ",
    }
)
_SPACE_RE = re.compile(r"\s+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_WORD_CHAR_RE = re.compile(r"[0-9a-z\u4e00-\u9fff]")


def normalize(text: str) -> str:
    """Full width → half width, lower case, unified punctuation, collapsed spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_PUNCT_MAP).lower()
    return _SPACE_RE.sub(" ", text).strip()


def _build_synonym_rules(
    table: Sequence[tuple[str, tuple[str, ...]]],
) -> tuple[tuple[str, str], ...]:
    rules = []
    for canonical, variants in table:
        canonical = normalize(canonical)
        for variant in variants:
            rules.append((normalize(variant), canonical))
    # Longest variant first, so a long variant wins over a shorter one it contains.
    rules.sort(key=lambda r: -len(r[0]))
    return tuple(rules)


SYNONYM_RULES = _build_synonym_rules(THESAURUS)


def _outside(variant: str, text: str) -> bool:
    """``variant`` occurs in ``text`` other than inside a longer word it is not (NOT_INSIDE)."""
    for longer in NOT_INSIDE.get(variant, ()):
        text = text.replace(longer, " ")
    return variant in text


def expand_synonyms(text: str) -> str:
    """Append the canonical wording for each variant found in (normalised) ``text``."""
    added: list[str] = []
    seen: set[str] = set()
    for variant, canonical in SYNONYM_RULES:
        if variant in text and canonical not in seen and _outside(variant, text):
            seen.add(canonical)
            if canonical not in text:
                added.append(canonical)
    return text if not added else text + " | " + " ".join(added)


# Words that only look like a listed duty's, blanked (same length) before anything reads a task:
# 执法 inside an enforcement agency's name (县综合执法局, 城管执法中队, 卫生健康综合监督执法机构:
# who a finding is reported to, not what the task is); a sight's 打卡点 / 打卡地 (where visitors
# take photos: 网红打卡点, 乡村旅游打卡地), which is no 打卡签到; an old building's 旧匾额 (a relic),
# which is no plaque of a mechanism; the 村务公开栏 where any result is posted (a board, a place),
# which is no 村（居）务公开 duty by itself; a vehicle without its plate (没挂牌的拖拉机), no plaque
# (a plaque hung at a charging station, 电动车充电站挂牌, still is one); a lift added to an old
# block (加装电梯, a housing programme), no special equipment to inspect; an old tree or a relic
# tagged for protection (古树挂牌保护), no plaque of a mechanism; a swindler's sales pitch (推销团,
# 高价推销保健品), no selling the village is asked to do; a parcel pick-up point (快递代收点), no fee
# collected for a department.
_LOOKALIKE_RE = re.compile(
    r"执法(?=局|大队|中队|支队|队|机构|部门|人员)"
    r"|(?:网红|旅游|文旅|热门|拍照|游客|景区)[^,.;]{0,6}打卡(?=点|地)|打卡(?=胜地|景点)"
    r"|(?:旧|古|老)(?:匾额|牌匾)|(?:村|居)务公开(?=栏)"
    r"|(?<=配合燃气)(?:公司|企业)|(?<=配合供气)企业"
    r"|(?:未|没|不|无)挂牌(?=的?[^,.;]{0,5}(?:车|拖拉机|农机))"
    r"|加装电梯|电梯加装|挂牌保护|电梯(?=间|口|里|内|厅|轿厢)"
    r"|(?:高价|虚假|非法|上门)推销|推销(?=团|会|人员|员)|快递代收|代收(?=快递|点)"
    r"|收费(?=[^,.;]{0,2}(?:标准|办法|政策|制度|改革))"
    r"|(?:宣传|公示|解读|讲解|讲清)[^,.;]{0,8}(?:计量|按方|阶梯|按量)收费"
    r"|(?:计量|按方|阶梯|按量)收费(?=[^,.;]{0,10}(?:讲清|讲解|讲明白|说清|宣传))"
    r"|(?:不|不得|严禁|禁止)代收|代收(?=(?:(?!费)[^,.;]){0,12}(?:材料|资料|申请表))"
)
_LOOKALIKE_WORD_RE = re.compile(
    r"执法|打卡|匾额|牌匾|(?:村|居)务公开|挂牌|电梯|推销|代收|收费|公司|企业"
)


# A plaque the lists themselves name (光荣牌, 光荣之家 of 协助退役军人服务保障; not a station's sign):
# hanging it is the allowed duty, no 机制牌子 (``registry.admission_cues``).
LISTED_PLAQUE = r"光荣牌|光荣之家(?![^,.;]{0,4}(站|中心|室))"
# The names other plaques carry ("平安建设工作站""矛盾纠纷调解中心"两块牌子): the ask is the plaque,
# whatever it names, so those names are blanked whole.
_PLAQUE_NAME_RE = re.compile(
    rf'"(?!{LISTED_PLAQUE})[^"]{{1,20}}"(?=(?:"[^"]{{1,20}}")*[^,.;"]{{0,4}}(?:牌子|标牌|牌匾))'
)


# The frame a task is passed on in, before its colon: who called or said it, where and when
# (县农业农村局来电：, 会上县人武部提出：, 包村干部转达县教育局意思：, 电话记录：, 工作群消息：) and a
# group message's @全体成员. It says who and when, never what the task is, and a long frame
# dilutes the likeness of a short task; blanked like a look-alike (the department is a field).
_FRAME_RE = re.compile(
    r"^(?![^:,.;]{0,30}关于)[^:,.;]{0,30}?(?:来电|电话|会上|转达|工作群|消息|记录|交办|意思|工单|转办)"
    r"[^:,.;]{0,12}:"
    r"|@全体成员"
    # … and the authority a task is passed on under (按市里要求，根据省厅部署，按县委会议精神：):
    # who asked, never what. Kept: a cited law (根据《…》, normalised to <…>), a topic (按照…关于
    # 防汛的要求, 按照农贸市场…要求, 按照国家卫生县城复审要求).
    r"|^(?:按照?|根据|依据)(?![^:,.;<]{0,14}?关于)"
    r"(?=[^:,.;<]{0,14}?(?:(?<![城超都])市(?!场)|省|县(?!城)|上级|中央|国家(?!卫生|级)|会议))"
    r"[^:,.;<]{0,14}?(?:要求|部署|精神|安排|通知|意见|反馈)[,:]"
)


# The board a department's own publicity is pinned to (在公开栏张贴个税汇算指引, 补贴政策海报,
# 举报电话二维码) is a place, no 村（居）务公开 — unless what is posted is the village's own
# business (收支, 财务, 账目, 党务 / 村务 / 三务, 惠民资金, 评议结果, 公示).
_BOARD_PUBLICITY_RE = re.compile(r"海报|政策|指引|二维码|电话|热线|告知书|招聘|通告|宣传画")
_BOARD_POSTED_RE = re.compile(r"张贴|贴出|贴在|贴到|转发|宣传")
_BOARD_OWN_RE = re.compile(
    r"收支|财务|账|[党村居三]务|惠民资金|补贴发放|评议|公示|名单|明细|结果|村干部|党员|承诺|招投标"
)


def _publicity_board(norm: str) -> str:
    if (
        "公开栏" not in norm
        or not _BOARD_PUBLICITY_RE.search(norm)
        or not _BOARD_POSTED_RE.search(norm)
        or _BOARD_OWN_RE.search(norm)
    ):
        return norm
    return norm.replace("公开栏", "  栏")


def plain(norm: str) -> str:
    """Normalised ``norm`` with the frame it is passed on in, look-alike words and plaques' names
    blanked (the cues and the index read this)."""
    norm = _publicity_board(_FRAME_RE.sub(lambda m: " " * len(m.group()), norm))
    norm = _PLAQUE_NAME_RE.sub(lambda m: " " * len(m.group()), norm)
    return _LOOKALIKE_RE.sub(
        lambda m: _LOOKALIKE_WORD_RE.sub(lambda w: " " * len(w.group()), m.group()), norm
    )


def prepare(text: str) -> str:
    """``normalize``, look-alike words blanked (``plain``), then ``expand_synonyms``: the form
    both items and queries are indexed in."""
    return expand_synonyms(plain(normalize(text)))


@functools.lru_cache(maxsize=8192)
def synonym_sources(text: str) -> dict[str, str]:
    """Words of the canonical wording brought in by the thesaurus → the variant in ``text``.

    Explanations use it to show "上访（同义：信访）" instead of claiming that 信访 is written in
    the task.  Cached (items are explained again and again); do not mutate the result.
    """
    norm = normalize(text)
    out: dict[str, str] = {}
    for variant, canonical in SYNONYM_RULES:
        if variant in norm:
            for word in canonical.split():
                if word not in norm:
                    out.setdefault(word, variant)
    return out


def is_meaningful(text: str) -> bool:
    """Does ``text`` contain something a check can read: two CJK characters, or a word?"""
    norm = normalize(text)
    if len(_CJK_RE.findall(norm)) >= 2:
        return True
    return len(_WORD_CHAR_RE.findall(norm)) >= 4 and bool(re.search(r"[a-z]{2,}", norm))


# ---------------------------------------------------------------------------------------------
# Tokenizer: jieba's dictionary loaded once per process, never jieba's global tokenizer (its
# user words would leak between indexes and tests).
# ---------------------------------------------------------------------------------------------
_BASE_LOCK = threading.Lock()
_BASE: jieba.Tokenizer | None = None


def base_tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer with jieba's dictionary only (read-only use)."""
    global _BASE
    with _BASE_LOCK:
        if _BASE is None:
            base = jieba.Tokenizer()
            base.initialize()
            _BASE = base
        return _BASE


def new_tokenizer() -> jieba.Tokenizer:
    """A private tokenizer that may get user words: a copy of the loaded dictionary."""
    base = base_tokenizer()
    tok = jieba.Tokenizer()
    tok.FREQ = dict(base.FREQ)
    tok.total = base.total
    tok.initialized = True
    return tok


def cut(text: str, *, search_mode: bool = False) -> list[str]:
    """jieba words of normalised ``text`` (precise mode, or search mode with sub-words)."""
    text = normalize(text)
    if not text:
        return []
    tok = base_tokenizer()
    words = tok.cut_for_search(text, HMM=False) if search_mode else tok.cut(text, HMM=False)
    return [w.strip() for w in words if w.strip()]
