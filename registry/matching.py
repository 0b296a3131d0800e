"""Text matching of task descriptions against duty-list items.

Pure module: no Django, no settings, no Wagtail.  Plain values in, frozen dataclasses out.

The pipeline is

1. ``normalize``: NFKC (full width → half width), lower case, unified brackets and quotes;
2. ``expand_synonyms``: common abbreviations and colloquial wording are mapped to the
   canonical wording used in published lists (``两违`` → ``违法用地 违法建设``).  The canonical
   form is *appended*, so the original words still match;
3. segmentation with a private ``jieba.Tokenizer`` whose user dictionary is built from the
   indexed items, plus character bigrams so that a different segmentation still matches;
4. ``MatchIndex``: an inverted index built once and queried many times.  The score of an item
   is a weighted mix of how much of the query the item explains and how much of the item's
   *name* the query covers, both IDF-weighted, on words and on character bigrams.  Scores lie
   in [0, 1], which makes one threshold meaningful across lists.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import jieba
import numpy as np

__all__ = [
    "SYNONYMS",
    "IndexItem",
    "Match",
    "MatchIndex",
    "expand_synonyms",
    "normalize",
    "prepare",
]

# ---------------------------------------------------------------------------------------------
# Normalisation data.  General domain knowledge, not tuned to any particular test sentence.
# Each entry: canonical wording used in the published lists ← variants met in real assignments.
# When a variant occurs in a text, the canonical wording is appended to it.
# ---------------------------------------------------------------------------------------------
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # 自然资源、城乡建设
    ("违法用地 违法建设", ("两违",)),
    ("违法建设", ("违建", "违章建筑", "违法建筑", "私搭乱建", "乱搭乱建", "违章搭建")),
    ("违法用地 违法占地", ("非法占地", "违法占地", "乱占耕地", "占用耕地建房", "私自占地")),
    ("拆迁拆违", ("拆违", "拆迁", "强拆", "拆除")),
    ("卫星遥感图斑", ("图斑", "卫片")),
    ("宅基地", ("村民建房", "农房建设", "建房用地")),
    ("耕地 非粮化 非农化", ("挖塘养鱼", "基本农田种树", "永久基本农田")),
    ("田长制", ("田长",)),
    ("林长制", ("林长",)),
    ("河湖长制", ("河长", "湖长", "巡河")),
    ("市容环境", ("占道经营", "乱堆乱放", "乱摆摊", "乱摆乱放", "店外经营")),
    # 安全生产和专业监管
    (
        "九小场所",
        (
            "小餐馆",
            "小饭店",
            "小饭馆",
            "小旅馆",
            "小作坊",
            "小商店",
            "小网吧",
            "小歌舞",
            "小美容",
            "小浴室",
            "小档口",
        ),
    ),
    (
        "特种设备",
        ("电梯", "锅炉", "压力容器", "压力管道", "起重机械", "叉车", "游乐设施", "客运索道"),
    ),
    ("危险化学品", ("危化品", "加油站", "加气站", "油漆", "化工", "剧毒化学品", "易制毒")),
    ("燃气", ("液化气", "液化石油气", "瓶装气", "天然气", "煤气")),
    ("燃气经营企业", ("充装站", "供气站", "燃气公司", "燃气站", "气站")),
    ("林木采伐许可证 核发", ("采伐证", "采伐许可")),
    ("药品零售企业", ("药店", "药房", "处方药")),
    ("医疗机构 非法行医", ("诊所", "无证行医", "黑诊所", "游医")),
    ("农资", ("种子", "农药", "兽药", "化肥", "饲料", "假劣农资")),
    ("环境影响评价", ("环评",)),
    ("危险废物", ("危废", "废机油", "废矿物油", "废电瓶", "废铅蓄电池", "医疗废物")),
    ("固体废物", ("固废",)),
    ("排污单位", ("超标排放", "偷排", "排污", "排放", "直排", "涉气企业", "涉水企业")),
    ("文化市场经营场所", ("网吧", "ktv", "歌舞厅", "娱乐场所", "游戏厅", "游艺厅")),
    ("公共场所卫生", ("美容美发", "理发店", "浴室", "足浴", "宾馆卫生")),
    ("价格监督检查", ("明码标价", "哄抬价格", "价格欺诈")),
    ("劳动人事争议仲裁", ("劳动争议", "劳动仲裁", "人事争议")),
    ("校外培训机构", ("培训机构", "课外辅导", "补习班")),
    ("道路运输企业", ("客运企业", "货运企业", "运输公司")),
    ("非煤矿山", ("采石场", "砂石矿")),
    # 平安法治
    (
        "交通安全 交通违法",
        ("违规载人", "超载", "无牌", "无证驾驶", "酒驾", "醉驾", "头盔", "三轮车", "摩托车"),
    ),
    ("电信网络诈骗", ("反诈", "电诈", "诈骗", "受骗", "被骗", "骗子")),
    ("矛盾纠纷", ("纠纷", "邻里矛盾", "吵架", "争执", "争吵", "矛盾激化", "闹矛盾")),
    ("人民调解委员会", ("调委会", "调解会")),
    ("社区矫正对象", ("社区服刑", "矫正对象")),
    ("社区戒毒社区康复", ("戒毒", "社区康复人员", "吸毒")),
    ("严重精神障碍患者", ("精神病人", "精神障碍", "肇事肇祸")),
    ("欠薪 拖欠农民工工资", ("讨薪", "拖欠工资", "欠薪", "工资拖欠", "拖欠农民工")),
    ("烟花爆竹", ("鞭炮", "炮仗")),
    ("治安 群防群治", ("巡逻", "联防", "治保会", "治安防范")),
    ("兵役", ("征兵", "参军", "应征", "入伍")),
    # 民生
    ("最低生活保障", ("低保",)),
    ("特困人员救助供养", ("特困", "五保")),
    ("医疗保险", ("医保", "新农合")),
    ("养老保险 待遇领取资格认证", ("养老金", "退休金", "生存认证")),
    ("社会保险", ("社保",)),
    ("特殊困难老年人", ("独居", "失能", "空巢老人", "高龄老人", "孤寡老人", "困难老人")),
    ("老年人", ("老人",)),
    ("探访 关爱", ("看望", "探望", "上门走访")),
    ("高龄津贴", ("高龄补贴", "老年津贴")),
    ("困境儿童 留守儿童", ("孤儿", "事实无人抚养")),
    ("困难残疾人生活补贴 重度残疾人护理补贴", ("两项补贴", "残疾人补贴")),
    ("控辍保学 辍学", ("劝返", "逃学", "失学", "未返校")),
    ("退役军人 优抚对象", ("烈属", "军属", "伤残军人", "复员军人", "退伍军人", "军烈属")),
    ("集体聚餐", ("家宴", "红白喜事", "坝坝宴", "流水席", "酒席", "聚餐")),
    ("动物疫病 强制免疫", ("口蹄疫", "禽流感", "非洲猪瘟", "猪瘟", "布病")),
    ("普查", ("人口普查", "经济普查", "农业普查")),
    ("移风易俗", ("红事新办", "白事简办", "大操大办", "高价彩礼", "天价彩礼", "薄养厚葬")),
    ("乱砍滥伐 毁林", ("盗伐", "滥伐", "毁林", "砍树")),
    ("野外火源 森林防火", ("烧荒", "上坟烧纸", "野外用火", "林区用火")),
    ("秸秆禁烧", ("焚烧秸秆", "秸秆焚烧", "露天焚烧")),
    ("网格化", ("网格员",)),
    ("新就业群体", ("外卖", "骑手", "快递员", "快递小哥", "网约车", "货车司机")),
    (
        "组织生活 党员教育管理",
        ("组织生活会", "三会一课", "民主评议党员", "党员民主评议", "主题党日"),
    ),
    ("业主委员会 业主大会", ("业委会",)),
    ("村务公开", ("财务公开", "公开栏", "账目公开")),
    ("一事一议", ("筹资筹劳",)),
    (
        "涉及村民利益 民主决策",
        ("征地补偿费", "补偿款", "分配方案", "收益分配", "宅基地使用方案", "承包方案"),
    ),
    # 负面清单用语
    ("目标责任书 责任状", ("责任状", "责任书", "承诺书", "军令状", "保证书")),
    ("责任主体", ("负总责", "负全责", "第一责任人", "追究村干部责任", "兜底责任")),
    ("行政执法", ("罚款", "处罚", "收缴罚款", "罚没", "没收", "查封", "扣押", "执法")),
    ("招商引资", ("招商",)),
    ("截图 录制视频 上传", ("截图", "拍照", "照片", "视频", "晒图", "图片")),
    ("政务app 打卡签到 积分排名", ("打卡", "签到", "积分", "下载", "接龙", "在线时长")),
    ("微信工作群", ("工作群", "微信群", "钉钉群")),
    ("悬挂 牌子", ("挂牌", "加挂", "牌匾", "标牌", "门牌")),
    ("专人专岗 工作机制", ("专职", "专人", "专岗", "工作站")),
    ("新设", ("设立", "新建", "成立", "组建")),
    ("抽调 借调", ("抽调", "借调", "帮忙", "跟班", "驻点", "派员值班", "顶岗")),
    ("代收代缴 费用", ("代收", "代缴", "代征", "收取", "收费")),
    ("垫资 经费", ("垫资", "垫付", "自筹经费")),
    ("推销 担保", ("推销", "商业保险", "订阅", "担保", "摊派报刊")),
    ("凑数 会议 活动", ("凑数", "凑人数", "人气", "撑场面", "充人数", "到场")),
    (
        "创建示范 达标评比",
        ("示范村", "示范社区", "达标", "创建", "评比", "评选", "参评", "迎检", "星级", "挂星"),
    ),
    ("考核 评比 排名", ("排名", "考核", "评比", "通报")),
    ("留痕 台账", ("留痕", "台账", "痕迹")),
    ("数据采集 信息录入", ("录入", "信息采集", "数据采集", "逐户录入", "信息登记")),
    ("填报表格 提供材料", ("填报", "报表", "表格", "报送材料", "报材料")),
    # 证明事项
    ("婚姻状况证明", ("单身证明", "未婚证明", "离婚证明", "已婚证明", "婚否")),
    ("就业状况证明", ("失业", "无业", "就业证明", "待业", "没有工作", "无工作", "没工作")),
    ("无犯罪记录证明", ("无犯罪", "无违法犯罪", "良民证", "无前科")),
    ("居民身份信息证明", ("身份证明", "身份信息")),
    ("居民财产证明", ("财产", "存款", "房产", "收入证明", "名下")),
    ("健康证明", ("身体健康", "体检证明", "无传染病")),
    ("健在证明", ("生存证明", "活着", "在世", "健在")),
    ("死亡证明", ("病故", "去世", "过世", "身故", "死亡")),
    ("人员失踪证明", ("失踪", "下落不明", "杳无音讯")),
    ("亲属关系证明", ("亲属关系", "父子关系", "母子关系", "夫妻关系", "直系亲属", "亲子关系")),
    ("出生证明", ("出生",)),
    ("残疾状况证明", ("残疾证明",)),
    ("疾病状况证明", ("疾病证明", "病情证明", "患病证明", "病史证明")),
    ("居民养犬证明", ("养犬", "养狗", "犬只", "犬证", "宠物犬")),
    ("遗产继承权证明", ("遗产", "继承")),
    ("市场主体住所证明", ("住所证明", "经营场所证明", "经营场所住所", "营业场所")),
    ("证件遗失证明", ("遗失证明", "丢失证明", "证件丢失", "证件遗失")),
    ("遗失", ("丢失", "弄丢", "丢了")),
    ("缴费票据遗失证明", ("票据遗失", "票据丢失", "发票丢失", "收据丢失")),
    ("婚育状况证明", ("生育证明", "计生证明", "独生子女证明", "婚育证明")),
    ("户口登记项目内容变更申请证明", ("户口变更", "更正出生日期", "更改姓名", "户籍变更")),
    ("居民个人档案证明", ("档案证明",)),
    ("居(租)住情况证明", ("居住证明", "租住证明", "实际居住", "居住情况")),
    ("政治审查", ("政审", "政治表现")),
    ("应征公民政治考核", ("政治考核",)),
    ("农村集体经济组织成员身份证明", ("成员身份", "社员身份")),
    ("农村土地承包经营权变更事项证明", ("承包经营权", "承包地")),
    ("房屋权属来源情况证明", ("权属来源",)),
    ("学生参加社区(村)活动情况反馈", ("社会实践", "志愿服务情况")),
)

# Administrative boilerplate carrying no topic.  Kept small: IDF does most of the work.
STOPWORDS: frozenset[str] = frozenset(
    """
    请 各 各乡 各乡镇 各村 各社区 乡镇 街道 村 社区 村委会 居委会 村居 辖区 本村 本 该 对 的 了 和 与 及 或
    等 在 由 为 将 把 被 并 要 需 须 应 按 按照 根据 做好 开展 进行 负责 落实 加强 推进 工作 作为 依据
    情况 相关 有关 有 是 不 要求 通知 今年 明年 本月 下月 本周 月底 年底 前 后 每 每月 每年 每周
    一次 一名 一份 全部 全体 统一 确保 及时 县 县里 县局 我局 本局 上级 部门 单位 同志 各位 书记
    其 之 内 以 于 从 向 至 个 名 人 户 天 日 月 年 今天 之内 期间 当天 务必 尽快 立即 第一
    """.split()
)

# Verbs and role nouns that say *how* work is done rather than *what* it is about.  They still
# count, at reduced weight, so a shared "协助 受理 申请" does not pass for a shared topic.
ACTION_WORDS: frozenset[str] = frozenset(
    """
    协助 配合 受理 申请 宣传 巡查 报告 上报 检查 核实 核查 登记 管理 服务 开展 督促 指导 帮助
    支持 发现 处置 整改 排查 摸排 走访 入户 上门 动员 提醒 问题 群众 村民 居民 人员 对象 办理
    实施 完成 建立 制定 参加 参与 推进 依法 按时 日常 定期 集中 统筹 提供 审核 工作人员 信息
    安全 方式 时间 范围 结果 记录 活动 建设 发放 乡镇政府 县级 有关部门 主管部门 职责 事项 组织
    """.split()
)
_ACTION_WEIGHT = 0.35

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
_SPLIT_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_HAS_DIGIT_RE = re.compile(r"\d")
_QUOTED_RE = re.compile(r'"([^"]{2,8})"')


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


_SYNONYM_RULES = _build_synonym_rules(SYNONYMS)


def expand_synonyms(text: str) -> str:
    """Append the canonical wording for each variant found in (normalised) ``text``."""
    added: list[str] = []
    seen: set[str] = set()
    for variant, canonical in _SYNONYM_RULES:
        if variant in text and canonical not in seen:
            seen.add(canonical)
            if canonical not in text:
                added.append(canonical)
    return text if not added else text + " | " + " ".join(added)


def prepare(text: str) -> str:
    """``normalize`` then ``expand_synonyms``: the form both items and queries are indexed in."""
    return expand_synonyms(normalize(text))


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndexItem:
    """One list item as the matcher sees it.

    ``name`` weighs most, then ``content``, then ``extra`` and ``department``.  ``alternative``
    is carried for display only (it describes what to do *instead*, so indexing it would make
    the item match the very tasks it redirects).
    """

    list_kind: str  # one of the 8 kind codes (= CSV stems)
    code: str  # stable item code, e.g. "township_basic-0036"
    seq: int
    name: str
    content: str = ""  # content / township_duty / purpose / note ...
    department: str = ""  # lead/receiving/assisted department short name
    extra: str = ""  # other text fields (department_duty, basis, ...)
    alternative: str = ""
    version: int = 1
    document_no: str = ""


@dataclass(frozen=True)
class Match:
    item: IndexItem
    score: float
    matched_terms: tuple[str, ...]
    name_coverage: float = 0.0  # share (IDF-weighted) of the item name found in the query
    # Topic evidence: IDF mass of the shared topic words (not action words), in units of the
    # rarest possible word of this index.  ~1 means "one distinctive word in common".
    evidence: float = 0.0


@dataclass(frozen=True)
class _Doc:
    item: IndexItem
    terms: dict[str, float]  # term → field weight (1.0 name, 0.7 content, ...)
    name_terms: frozenset[str]
    name_mass: float  # Σ idf over name terms, per kind of term (words + bigrams)
    # Precomputed at build for the name-coverage part of the score: the name's words and
    # bigrams (in ``name_terms`` iteration order) and the IDF mass of each.
    name_words: tuple[str, ...] = ()
    name_bigrams: tuple[str, ...] = ()
    name_all_w: float = 0.0
    name_all_b: float = 0.0


# Field weights.  Words and bigrams are scored separately and mixed.
_W_NAME = 1.0
_W_CONTENT = 0.7
_W_EXTRA = 0.35
_W_DEPARTMENT = 0.3
_BIGRAM_PREFIX = "#"

# Score mix (sums to 1): query coverage words/bigrams, name coverage words/bigrams.
_MIX_Q_WORD = 0.35
_MIX_Q_BIGRAM = 0.25
_MIX_N_WORD = 0.20
_MIX_N_BIGRAM = 0.20

# ---------------------------------------------------------------------------------------------
# Tokeniser: one private jieba.Tokenizer per index (never the global one).  The base dictionary
# is loaded once per process and copied, because loading it takes ~0.5 s.
# ---------------------------------------------------------------------------------------------
_BASE_LOCK = threading.Lock()
_BASE: jieba.Tokenizer | None = None


def _new_tokenizer() -> jieba.Tokenizer:
    global _BASE
    with _BASE_LOCK:
        if _BASE is None:
            base = jieba.Tokenizer()
            base.initialize()
            _BASE = base
        tok = jieba.Tokenizer()
        # Copy the loaded prefix dictionary instead of re-reading it from disk.
        tok.FREQ = dict(_BASE.FREQ)
        tok.total = _BASE.total
        tok.initialized = True
        return tok


def _domain_words(items: Iterable[IndexItem]) -> set[str]:
    words: set[str] = set()
    for canonical, variants in SYNONYMS:
        for w in (*canonical.split(), *variants):
            w = normalize(w)
            if 2 <= len(w) <= 8 and _CJK_RUN_RE.fullmatch(w):
                words.add(w)
    for item in items:
        for text in (item.name, item.content):
            norm = normalize(text)
            words.update(m for m in _QUOTED_RE.findall(norm) if _CJK_RUN_RE.fullmatch(m))
        # Item names split at conjunctions give the domain's own compound terms.
        for part in re.split(r"[和及与、,()\[\]<>\"'/ ]+|以外的|等", normalize(item.name)):
            if 2 <= len(part) <= 6 and _CJK_RUN_RE.fullmatch(part):
                words.add(part)
    return words


class _Analyzer:
    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self._tok = tokenizer

    def words(self, prepared: str) -> list[str]:
        out = []
        for chunk in _SPLIT_RE.split(prepared):
            if not chunk:
                continue
            for w in self._tok.cut_for_search(chunk, HMM=False):
                if len(w) < 2 or w in STOPWORDS or _HAS_DIGIT_RE.search(w):
                    continue
                out.append(w)
        return out

    @staticmethod
    def bigrams(prepared: str) -> list[str]:
        out = []
        for run in _CJK_RUN_RE.findall(prepared):
            for i in range(len(run) - 1):
                bg = run[i : i + 2]
                if bg not in STOPWORDS:
                    out.append(_BIGRAM_PREFIX + bg)
        return out

    def terms(self, text: str) -> set[str]:
        prepared = prepare(text)
        return set(self.words(prepared)) | set(self.bigrams(prepared))


# ---------------------------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------------------------
@dataclass
class MatchIndex:
    """Inverted index over list items; build once with ``MatchIndex.build``, search many times."""

    _docs: list[_Doc] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _idf: dict[str, float] = field(default_factory=dict)
    _unseen_idf: float = 1.0
    _candidate_df: int = 0
    _max_idf: float = 1.0
    _analyzer: _Analyzer | None = None
    # Postings of the selective terms as arrays, restricted to a set of kinds (a township
    # searches 3 kinds, a village 5; None = all), filled lazily per term on first use; each
    # keeps the ascending order of the full postings list.
    _kind_postings: dict[frozenset[str] | None, dict[str, np.ndarray]] = field(default_factory=dict)
    _kind_masks: dict[frozenset[str], np.ndarray] = field(default_factory=dict)
    _doc_kinds: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, items: Sequence[IndexItem]) -> MatchIndex:
        tok = _new_tokenizer()
        for w in sorted(_domain_words(items)):
            tok.add_word(w)
        analyzer = _Analyzer(tok)

        raw: list[tuple[IndexItem, dict[str, float], set[str]]] = []
        df: dict[str, int] = defaultdict(int)
        for item in items:
            weights: dict[str, float] = {}
            fields = (
                (item.content, _W_CONTENT),
                (item.extra, _W_EXTRA),
                (item.department, _W_DEPARTMENT),
                (item.name, _W_NAME),
            )
            name_terms: set[str] = set()
            for text, w in fields:
                if not text:
                    continue
                terms = analyzer.terms(text)
                if w == _W_NAME:
                    name_terms = terms
                for t in terms:
                    if weights.get(t, 0.0) < w:
                        weights[t] = w
            for t in weights:
                df[t] += 1
            raw.append((item, weights, name_terms))

        n = max(len(items), 1)
        idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        for t in idf:
            if t.lstrip(_BIGRAM_PREFIX) in ACTION_WORDS:
                idf[t] *= _ACTION_WEIGHT
        postings: dict[str, list[int]] = defaultdict(list)
        docs = []
        for i, (item, weights, name_terms) in enumerate(raw):
            for t in weights:
                postings[t].append(i)
            frozen = frozenset(name_terms)
            name_words = tuple(t for t in frozen if not t.startswith(_BIGRAM_PREFIX))
            name_bigrams = tuple(t for t in frozen if t.startswith(_BIGRAM_PREFIX))
            name_all_w = name_all_b = 0.0
            for t in name_words:
                name_all_w += idf[t]
            for t in name_bigrams:
                name_all_b += idf[t]
            docs.append(
                _Doc(
                    item=item,
                    terms=weights,
                    name_terms=frozen,
                    name_mass=sum(idf[t] for t in name_terms),
                    name_words=name_words,
                    name_bigrams=name_bigrams,
                    name_all_w=name_all_w,
                    name_all_b=name_all_b,
                )
            )
        index = cls()
        index._docs = docs
        index._doc_kinds = [d.item.list_kind for d in docs]
        index._postings = dict(postings)
        index._idf = idf
        # A query word absent from every item still counts against coverage, at half weight:
        # a task about something no list mentions should score low.
        index._unseen_idf = 0.5 * math.log(1.0 + (n + 0.5) / 0.5)
        # Very common terms do not nominate candidates (they are still scored).
        index._candidate_df = max(50, n // 20)
        index._max_idf = math.log(1.0 + (n + 0.5) / 1.5)
        index._analyzer = analyzer
        return index

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def items(self) -> tuple[IndexItem, ...]:
        return tuple(d.item for d in self._docs)

    def analyze(self, text: str) -> tuple[list[str], list[str]]:
        """Words and bigrams of ``text`` as the index sees them (for explanations and tests)."""
        assert self._analyzer is not None
        prepared = prepare(text)
        return self._analyzer.words(prepared), self._analyzer.bigrams(prepared)

    def search(
        self, text: str, *, limit: int = 10, kinds: Collection[str] | None = None
    ) -> list[Match]:
        if not self._docs or not text or not text.strip():
            return []
        words, bigrams = self.analyze(text)
        qwords, qbigrams = set(words), set(bigrams)
        if not qwords and not qbigrams:
            return []
        idf = self._idf

        def weight(t: str) -> float:
            v = idf.get(t)
            if v is None:
                v = self._unseen_idf
                if t.lstrip(_BIGRAM_PREFIX) in ACTION_WORDS:
                    v *= _ACTION_WEIGHT
            return v

        # Weights of the query terms, once per query; lists keep the set iteration order so that
        # every sum below adds the same floats in the same order as a plain loop over the sets.
        qw_list = [(t, weight(t)) for t in qwords]
        qb_list = [(t, weight(t)) for t in qbigrams]
        qweight = dict(qw_list)
        wmass = sum(w for _, w in qw_list) or 1.0
        bmass = sum(w for _, w in qb_list) or 1.0
        kind_key = frozenset(kinds) if kinds is not None else None

        # Phase 1: nominate candidates through the postings of selective terms (only the
        # postings of the requested kinds are walked).  Vectorised, and exactly the plain loop
        # ``partial[i] += w`` term by term followed by ``heapq.nlargest``: each item receives the
        # same additions in the same order, and ties keep the order in which a dict would have
        # first met the items (index of the first term, then item number).
        selective: list[tuple[np.ndarray, float]] = []
        for t in qwords | qbigrams:
            plist = self._postings.get(t)
            if not plist or len(plist) > self._candidate_df:
                continue
            postings = self._postings_array(kind_key, t, plist)
            if len(postings):
                selective.append(
                    (postings, idf[t] / (wmass if not t.startswith(_BIGRAM_PREFIX) else bmass))
                )
        n_cand = max(200, limit * 20)
        cands: list[int] = []
        if selective:
            acc = np.zeros(len(self._docs))
            first = np.full(len(self._docs), len(selective), dtype=np.int32)
            for k, (postings, w) in enumerate(selective):
                acc[postings] += w
                seen = first[postings]
                first[postings] = np.minimum(seen, k)
            touched = np.flatnonzero(first < len(selective))
            order = np.lexsort((touched, first[touched], -acc[touched]))[:n_cand]
            cands = touched[order].tolist()

        # Phase 2: exact score of each candidate.  The query terms an item shares are found
        # by a set intersection, then summed in query order (the order of a plain loop over
        # the query's sets, so the floats are the same).
        qterms = qwords | qbigrams
        wpos = {t: k for k, (t, _) in enumerate(qw_list)}
        bpos = {t: k for k, (t, _) in enumerate(qb_list)}
        bweight = dict(qb_list)
        docs = self._docs
        scored: list[tuple[float, _Doc, float, float]] = []
        for i in cands:
            doc = docs[i]
            dterms = doc.terms
            shared = dterms.keys() & qterms
            qw = qb = 0.0
            if shared:
                hw = sorted((t for t in shared if t in wpos), key=wpos.__getitem__)
                hb = sorted((t for t in shared if t in bpos), key=bpos.__getitem__)
                qw = sum(qweight[t] * dterms[t] for t in hw) / wmass
                qb = sum(bweight[t] * dterms[t] for t in hb) / bmass
            name_hit_w = name_hit_b = 0.0
            for t in doc.name_words:
                if t in qwords:
                    name_hit_w += idf[t]
            for t in doc.name_bigrams:
                if t in qbigrams:
                    name_hit_b += idf[t]
            nw = name_hit_w / doc.name_all_w if doc.name_all_w else 0.0
            nb = name_hit_b / doc.name_all_b if doc.name_all_b else 0.0
            score = _MIX_Q_WORD * qw + _MIX_Q_BIGRAM * qb + _MIX_N_WORD * nw + _MIX_N_BIGRAM * nb
            if score <= 0:
                continue
            scored.append((round(score, 6), doc, name_hit_w, name_hit_b))
        scored.sort(key=lambda s: (-s[0], s[1].item.list_kind, s[1].item.seq))

        # Explanations (matched terms, evidence) only for the results returned.
        results: list[Match] = []
        for score, doc, name_hit_w, name_hit_b in scored[:limit]:
            dterms = doc.terms
            matched = sorted(
                (t for t, _ in qw_list if t in dterms),
                key=lambda t: (-qweight[t] * dterms[t], t),
            )
            evidence = (
                sum(idf[t] * dterms[t] for t in matched if t not in ACTION_WORDS) / self._max_idf
            )
            results.append(
                Match(
                    item=doc.item,
                    score=score,
                    matched_terms=tuple(matched[:8]),
                    name_coverage=round((name_hit_w + name_hit_b) / (doc.name_mass or 1.0), 6),
                    evidence=round(evidence, 6),
                )
            )
        return results

    def _postings_array(
        self, kinds: frozenset[str] | None, term: str, plist: list[int]
    ) -> np.ndarray:
        """The postings of ``term`` restricted to ``kinds`` (all kinds for None) as an array of
        item numbers in ascending order; built on first use and kept."""
        by_term = self._kind_postings.get(kinds)
        if by_term is None:
            by_term = self._kind_postings.setdefault(kinds, {})
        hit = by_term.get(term)
        if hit is None:
            hit = np.array(plist, dtype=np.int32)
            if kinds is not None:
                mask = self._kind_masks.get(kinds)
                if mask is None:
                    mask = self._kind_masks.setdefault(
                        kinds, np.array([k in kinds for k in self._doc_kinds], dtype=bool)
                    )
                hit = hit[mask[hit]]
            by_term[term] = hit
        return hit
