"""The wording the admission check reads beside the matched items (domain.md §7).

Pure module (no Django).  Two kinds of patterns, all run on normalised text
(``registry.matching.normalize``):

* the cross-cutting flags of domain.md §7.4 (责任状, 填表报数, 打卡截图, 借调, 挂牌), always run and
  mapped to 码上减 category codes (``CODE_LABELS`` explains every code a user may be shown);
* cues that move a decision between list kinds: a certificate request, wording that makes a task a
  burden the negative list forbids, professional enforcement (收回事项), the helping role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from registry.kinds import (
    KIND_VILLAGE_NEGATIVE,
    LEVEL_VILLAGE,
    VERDICT_CERTIFICATE_FORBIDDEN,
    VERDICT_NEGATIVE,
    VERDICT_UNLISTED,
    VERDICT_WITHDRAWN,
)
from registry.matching import Match, MatchIndex, normalize
from registry.text import LISTED_PLAQUE, plain

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


def violation_code(verdict: str, level: str) -> str:
    """The 码上减 category a (leaning) verdict is filed under; "" for an allowed one. 清单外 is
    QDWSX for a township, WZRTP for a village (未经准入)."""
    if verdict == VERDICT_UNLISTED:
        return CASE_WZRTP if level == LEVEL_VILLAGE else CASE_QDWSX
    return {
        VERDICT_WITHDRAWN: CASE_QDWSX,
        VERDICT_NEGATIVE: CASE_WZRTP,
        VERDICT_CERTIFICATE_FORBIDDEN: CASE_ZMSX,
    }.get(verdict, "")


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    evidence: str


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


# Sending cadres to sit in a county office is a secondment by another name.
# A plaque by any of its names (铜牌 for a 调处中心, 牌匾 of a 工作站): 机制牌子 whatever it names.
_PLAQUE = r"牌子|牌匾|铜牌|铭牌|匾额"
# The plaques the lists name (``registry.text.LISTED_PLAQUE``): the JZPZ flag's exception and
# ``strong_negative_cue``'s.
_LISTED_PLAQUE = re.compile(LISTED_PLAQUE)
_SECONDMENT = (
    r"派[^,.;]{0,8}(干部|人员|人)[^,.;]{0,12}(到|去|赴)[^,.;]{0,10}(县|局|部门|中心|消防站|派出所|大队|中队)"
    # … or drawn off in so many words (从社区抽2名网格员到县专班).
    r"|抽[^,.;]{0,4}\d+名|抽[^,.;]{0,3}(干部|网格员|人员|工作人员)[^,.;]{0,8}(到|去)"
    # … or sent to stand a department's watch (每天派2人到火车站帮忙值守).
    r"|派\d+名?人[^,.;]{0,10}(值守|值班|站岗|帮忙)"
    # … or a village's own clerk drawn off to a county office (把村里的文书抽到县政务大厅).
    r"|抽[^,.;]{0,10}到[^,.;]{0,8}(县|局|大厅|中心|专班)"
    r"|出[^,.;]{0,2}(一个|一名|\d+个|\d+名)[^,.;]{0,6}(干部|人)[^,.;]{0,4}到(局|县|乡|镇)"
    r"|借[^,.;]{0,8}(\d+|一|两)[个名]?(网格员|干部|工作人员|人)"
)

# A pledge signed to a department (签订目标责任书, 递交承诺书).
PLEDGE_CUE = _re(
    r"(签订|签署|签|递交|上交)[^,.;]{0,12}(责任状|责任书|承诺书|军令状|保证书)|责任状|军令状"
)
# A pledge signed or a form filled in (签订…责任书, 填好统计表): stamped and sent, it is a pledge or
# material asked for, no certificate the village issues.
SIGNED_OR_FILLED_CUE = _re(
    PLEDGE_CUE.pattern + r"|(统计|调查|明细|汇总|台账)表"
    # … a form the village fills in, not a certificate's (政治考核表, 反馈表) nor 表现 / 代表.
    r"|填(写|报|好|完)[^,.;]{0,8}(?<!反馈)(?<!考核)(?<!考察)(?<!鉴定)(?<!审查)(?<!代)表(?![现彰态决扬达格由])"
)

FLAG_RULES: tuple[_FlagRule, ...] = (
    _FlagRule(
        FLAG_SDZR,
        "要求签订责任状、转嫁责任",
        _re(PLEDGE_CUE.pattern + r"|负总责|负全责|兜底责任|作为责任主体"),
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
        _re(
            r"抽调|借调|跟班学习|派员值班|借用[^,.;]{0,6}(人员|干部)|(到|去)[^,.;]{0,12}帮忙|"
            + _SECONDMENT
        ),
    ),
    _FlagRule(
        FLAG_JZPZ,
        "要求挂牌子、设机制或专人专岗",
        _re(
            r"(挂|加挂|悬挂)[^,.;]{0,14}(牌子|牌匾|标牌)|"
            + _PLAQUE
            + r"|专人专岗|专职[^,.;]{0,8}员"
            r"|(设立|成立|建立)[^,.;]{0,10}(工作站|工作室)"
        ),
        unless=_LISTED_PLAQUE,
    ),
)


def detect_flags(text: str) -> tuple[Flag, ...]:
    norm = plain(normalize(text))
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
# A request for a certificate, opinion or feedback letter from a village; what issues one (a
# 说明 only these: not 召开…说明, 提供…说明原因).
_ISSUES = r"出具|开具|出个|出份|写个|写份"
CERTIFICATE_CUE = _re(
    rf"证明|({_ISSUES}|开|签署|提供|盖章)[^,.;]{{0,20}}(意见|反馈|证明|回函)"
    rf"|({_ISSUES})[^,.;]{{0,20}}说明|回个?函|盖章|函调|外调|指定监护人"
    # … a guardian named, then designated (not 指定专人 for the task); an adoption (not 征收养老).
    r"|监护(人|权)[^.;]{0,30}指定(?!专人|专门|人员|地点|时间|联络|网格)|政治考核表|政审"
    r"|(?<![征代回])收养(?!老|殖)"
    r"|反馈[^.;]{0,30}情况|(评议|审查|同意)意见"
    # … a 情况反馈 issued, not a result reported back to a department (劝返情况反馈县教育局).
    r"|情况[^.;]{0,16}反馈(?![^,.;]{0,2}(县|局|乡|镇|所|站|部门))"
    r"|签[^,.;]{0,4}意见|说明[^,.;]{0,12}(来源|权属)|(来源|权属)说明|情况说明"
    r"|反馈[^,.;]{0,6}(所在单位|学校|党组织)|(向|给)[^,.;]{0,4}(所在单位|学校)[^,.;]{0,6}反馈"
    # … what a party member did where he lives, fed back (在职党员到社区报到…如实反馈一下), not
    # screenshots sent up nor the masses' opinions (打卡截图反馈街道, 收集群众意见后向街道反馈).
    r"|在职党员(?:(?!截图|打卡|群众|街道|乡镇|县)[^.;]){0,30}反馈"
    # … a student's or a party member's hours or visits fed back (not 巡河次数反馈镇河长办).
    r"|(学生|党员|志愿)[^.;]{0,30}(反馈[^,.;]{0,16}(时长|次数)|(时长|次数)[^,.;]{0,6}反馈)"
    r"|反馈[^,.;]{0,6}(学生|党员|志愿)[^,.;]{0,12}(时长|次数)"
)
# A certificate of someone's conduct or character (品行良好, 表现良好, 为人正派, 思想品德): no list names
# one, and no law gives it a basis (the negative list's certificate item).
CONDUCT_CERTIFICATE = _re(
    r"品行良好|品行表现|品行清白|表现良好|为人正派|思想品德|邻里和睦|无不良嗜好"
)
# What a certificate request asks the village to certify: the words between 证明 and the last
# verb before it in the same clause (出具婚姻状况证明 → 婚姻状况; 开展评议并出具离婚情况证明 →
# 离婚), or after 证明 used as a verb (证明他已经离婚 → 离婚).
_ISSUE_VERB = re.compile(
    r"出具|开具|开出|提供|提交|写|附上|(?<![召展公])开(?![展会始发放工通])"
    r"|(?:出|打|附)(?=个|一个|一份|份|张|一张)"
)
_PROVE_VERB = re.compile(
    r"证明(?:说|一下)?(?:我家|他家|她家|他们?|她们?|其|该|我们?|申请人|本人|当事人)的?"
    r'(?:是|属于|已经|已|为|在|系)?([^,.;"“”]{2,12})'
)
_OBJECT_LEAD = re.compile(r'^(?:其|他们?的?|她的?|本人|当事人|申请人|该|一份|一个|个|份|"|“)+')
_JOINED = re.compile(r"(?:以及|及其|及|和|与|并|、)(?:其|出具|开具)?")
_OBJECT_TAIL = re.compile(r'(?:的|情况|相关|有关|"|”)+$')
# The thing named before the verb (对掌握的实际居住情况出具证明 → 实际居住).
_OBJECT_BEFORE = re.compile(r"对([^,.;]{2,20}?)$")


def certified_objects(norm: str) -> tuple[str, ...]:
    """The things a (normalised) task asks to be certified, in order (parts under two
    characters dropped)."""
    found = []
    for m in re.finditer("证明", norm):
        # Within the sentence (a comma may separate things listed: 没有抵押、没有纠纷).
        clause = re.split(r"[.;]", norm[max(0, m.start() - 30) : m.start()])[-1]
        # A second certificate after the first one's 证明 (出具居住证明及其残疾情况证明).
        *before, clause = clause.split("证明")
        joined = _JOINED.match(clause) if before else None
        verbs = list(_ISSUE_VERB.finditer(clause))
        if not joined and not verbs:
            continue
        start = joined.end() if joined else verbs[-1].end()
        whole = _OBJECT_TAIL.sub("", clause[start:].strip('"“” '))
        before_verb = _OBJECT_BEFORE.search(clause[: verbs[-1].start()]) if verbs else None
        if not whole and not joined and before_verb:
            whole = _OBJECT_TAIL.sub("", before_verb.group(1))
        # The last of several things named (评议意见和离婚情况 → 离婚情况) and the head after 的.
        last = re.split(r"以及|和|及|与|、|并|,", whole)[-1]
        whole = last if len(last) >= 2 else whole
        part = _OBJECT_LEAD.sub("", whole.split("的")[-1] if "的" in whole else whole)
        part = _OBJECT_TAIL.sub("", part.strip('"“”'))
        if len(part) >= 2:
            found.append(part)
    found.extend(m.group(1) for m in _PROVE_VERB.finditer(norm))
    return tuple(found)


# 执法 (inside an agency's name it is blanked by ``registry.text.plain``: who, not what).
_ENFORCE = r"执法"
# An act of enforcement the unit itself performs: an order (责令停产整改, 下达整改通知书), a record
# or finding only an authority makes (现场检查笔录, 违法事实认定, 出具检查结论). Reporting it to the
# department afterwards does not make it help (对查实的形成违法事实认定材料报我局立案).
_ENFORCEMENT_ACT = (
    r"责令[^,.;]{0,4}(?:停产|停业|停工|停用|整改|改正|关闭)"
    r"|(?:下达|送达|发出)[^,.;]{0,6}(?:停工|停产|停业|整改|改正)[^,.;]{0,4}(?:通知|指令)"
    r"|笔录|违法事实|(?:出具|形成|作出)[^,.;]{0,4}(?:检查|核查)(?:结论|意见)"
    r"|(?:查处|依法)[^,.;]{0,2}取缔|取缔后"
    r"|(?<![对收照])(?:(?<!下)发|下了?|开[具出了]?)整改(?:单|通知)(?![^,.;]{0,2}给(?:村|社区|镇|乡))"
    r"|(?:户|企业|商户|业主|作坊|餐馆|门店|店铺|出租房|隐患)[^,.;]{0,6}下发整改(?:单|通知)"
)
ENFORCEMENT_ACT_CUE = re.compile(_ENFORCEMENT_ACT)


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Wording that, on its own, makes a task a burden the negative list forbids, whatever the topic:
# paying, pledging, seconding, proving by screenshots, plaques, enforcement, investment quotas.
STRONG_NEGATIVE_CUE = _any(
    (
        r"负总责|负全责|作为责任主体|第一责任人|追究[^,.;]{0,8}(村|社区)[^,.;]{0,6}责任|兜底责任",
        r"罚款|罚单|处罚|"
        + _ENFORCE
        + r"|查封|扣押|暂扣|没收|强制拆除|拆除[^,.;]{0,12}(违法|违章|违建)",
        _ENFORCEMENT_ACT,
        r"招商|招引[^,.;]{0,6}项目|协议投资"
        # … in other words, put on each village (每个村至少引进1个投资500万元以上项目, 村书记要引来
        # 客商): an investment quota.
        r"|(每个?村|各村|村书记|社区书记)[^,.;]{0,6}(至少|要|须|必须|年内|今年)[^,.;]{0,4}(引进|引来|拉来)"
        r"[^,.;]{0,16}(投资|项目|客商)"
        r"|(引进|引来|拉来)[^,.;]{0,2}(\d+|[一两二三四五六七八九十])(个|家)[^,.;]{0,12}(投资|项目|客商)",
        r"代收(?!代办)|代缴|代征|(收取|收缴|催缴)[^,.;]{0,16}费|垫资|垫付|推销|(?<!创业)担保"
        r"|收[^,.;]{0,8}费[^.;]{0,12}收齐"
        # … in plain words (把农户的水费收上来, 费用由社区先垫上).
        r"|把[^,.;]{0,16}费收(上来|齐|回来|起来)|先[^,.;]{0,6}垫(上|着|一下|钱|付|资|\d)",
        # A sales quota (保险200份, 每村不少于50单): 推销 by its number.
        r"险[^,.;]{0,6}\d+(份|单)|(不少于|完成)[^,.;]{0,6}\d+(份|单)",
        # Work judged by its paperwork (以台账为准, 台账不全一律扣分, 按台账本数打分): 留痕.
        r"(以|按|凭)台账(为准|计分|打分|论|定)|台账(不全|越全|多少|厚度|本数)"
        r"|台账[^,.;]{0,10}(扣分|得分|打分|计分)"
        # … (3套台账, 以台账完整度评分, 卷宗数量多少作为评先依据)
        r"|[\d两三四五六七八九十]套台账(?![^,.;]{0,6}合并)"
        r"|(台账|卷宗|档案)[^,.;]{0,2}(完整度|数量|多少)[^,.;]{0,8}(作为|评分|打分|计分|评先|考核|排名|依据)",
        # The costs of a department's work put on the village (经费由村里自筹解决, 先垫钱买);
        # not what villagers raise themselves by their own decision (一事一议: 由村民自筹).
        r"(经费|费用|资金|补贴|场地|用房|设备|装备|器材|工资|钱|人员|人手|队员)(?:(?!村民|群众|居民|农户|受益)[^,.;]){0,8}"
        r"(自筹|自行筹措|自行筹集|自行解决|自己解决|自行承担|自理(?!能力)|自己想办法|自个儿想办法|自己想辙)|垫钱|不出钱"
        r"|(经费|费用|资金|补贴|工资|钱)(?:(?!村民|群众|居民|农户|受益|户|不用|不必|无需)[^,.;]){0,8}"
        r"(?<!不用)(?<!无需)(自己出|自个出|自己掏|自个掏)(?![面门车力主节题去来])"
        r"|(?<![不别])(村|社区|干部|书记|主任)[^,.;]{0,4}先?(自掏腰包|自己掏钱)"
        r"|一分钱也?不给(?!的)|不给一分钱|(人和钱|钱和人|人钱)都不给|不给经费|不给人[^,.;]{0,3}不给钱"
        r"|不(另行|另|再)(安排|拨付|下拨|提供)[^,.;]{0,4}(经费|资金)"
        r"|(经费|补贴|费用)[^.;]{0,30}不(另行|另|再)(安排|拨付|下拨)"
        r"|(承担|负担)(?:(?!村民|群众|居民|农户|受益)[^,.;]){0,16}(经费|费用)"
        r"|(村|社区)[^,.;]{0,6}经费[^,.;]{0,4}(列支|支出|开支)"
        # … a department's post or office paid from the village's own income (补贴从村集体收入中列支).
        # (not what the villagers decided: 经村民代表会议决定…, 村民代表误工补贴)
        r"|(?<!误工)(补贴|工资|报酬|运行经费|运转经费)(?:(?!村民|会议|决定|议定)[^,.;]){0,4}(从|由)"
        r"(?:(?!村民|会议|决定|议定)[^,.;]){0,12}(集体|村级)[^,.;]{0,8}(列支|支出|开支)",
        # Selling a commercial product through the village (insurance, papers), often with a quota.
        r"商业[^,.;]{0,8}(保险|险)|惠[^,.;]{0,2}保|购买[^,.;]{0,12}(保险|险|报刊|产品)",
        # Subscription and sales quotas handed down (报刊征订, 认购) are 摊派 whatever the product.
        r"征订|认购|(下达|分配|完成)[^,.;]{0,8}(销售|订阅)[^,.;]{0,4}(任务|指标)"
        # (not 制订, 签订, 修订, 预订; not a daily report, 每日报送)
        r"|(?<![制签修预])订阅?([^,.;]{0,8}(日报|晚报|报纸|党报|党刊|报刊|杂志)(?!送|告|制度)"
        r"|[^,.;]{0,4}份[^,.;]{0,2}(?:报(?!名|表|告|价)|[<《][^>》,.;]{0,12}(?:(?:报|刊|志)[>》]"
        r"|[>》](?:周刊|期刊|月刊|日报|晚报|杂志)))|[^,.;]{0,2}[<《]|[^,.;]{0,8}(?:周刊|期刊))",
        # A new work group or app for the villages is 指尖上的形式主义 by itself.
        r"(新建|新设|组建|建了|建立|成立)[^,.;]{0,16}(群|app)|拉(?!近)[^,.;]{0,2}群(?!众)|拉了?个[^,.;]{0,10}群(?!众|测|防)|拉了?[一个]*\"[^\"]{1,14}\"?群",
        # Villagers made an audience (组织30名居民到场, 统一穿红色上衣, 观众不够): 组织群众凑数.
        r"(?<![不别])(?:凑数|凑人数|凑人头|充人头)|人气|撑场面|充场面|(?<![扩补储])充场(?![地所站])|坐满|(村民|居民|群众)[^.;]{0,30}统一(着装|穿)"
        r"|(组织|动员|安排|发动)[^,.;]{0,6}\d+名?(村民|居民|群众)[^,.;]{0,14}(到场|到现场|观看|入场|捧场)"
        r"|出\d+个?名?(村民|居民|群众)|台下坐着"
        r"|观众(不够|不足|太少)|缺观众|(需要|要|当|充当|做)观众|穿统一|统一服装",
        # New work handed down before its admission, in so many words (未走准入程序, 手续后补).
        r"(未|没|尚未|还没|未经)[^,.;]{0,6}准入|准入[^,.;]{0,8}(后补|补办|还没|未办|没办)"
        r"|准入[^,.;]{0,8}(没报|未报)|手续后补|后补手续"
        # … or named new work (新增“乡村旅游接待”工作, 列为各社区新增工作).
        r"|新增[^,.;]{0,20}(工作|任务|事项)",
        # A form thrown into the group to be filled (群里甩了张表): 填报表格 without the county's plan.
        r"甩(?:了|过来)?[一张个份]{0,2}表(?!情)|(?:临时|又)加了?的?[一张个份]{0,2}表(?!情)",
        # … or paperwork to show for the work (近三年工作总结, 经验材料, 典型案例, 佐证材料): 提供材料.
        r"(?<![人户方])(报送|上报|报|提交|提供|准备|交)[^,.;]{0,12}"
        r"(近[三两二五32 5]年[^,.;]{0,16}(总结|材料|资料|台账|明细|记录|汇编)|工作总结|经验材料"
        r"|典型案例|总结材料|汇报材料|亮点材料|佐证材料|经验做法|特色做法|典型经验)",
        # A department's own duty handed to the village (…职责交由各村负责, 下放到社区): 派交权责事项.
        r"(职责|职能|工作|任务|事项)[^.;]{0,12}(交由|交给|移交|下放|转交)[^,.;]{0,6}(村|社区)"
        r"|(下放|移交)(到|至|给)?各?(村|社区)"
        r"|下放(到|至|给)[^,.;]{1,6}(村|社区)(?!卫生|学校|康复|戒毒|矫正)"
        r"|改由各?(村|社区|村委会|居委会)"
        r"|(交给|交由|转交)(所在|各)(村|社区)"
        # … or taken on from a date, intake and decision both (即日起受理…申领并审核发放资格; not
        # 初审 and 公示, the assist items' own part).
        r"|即日起[^,.;]{0,4}(受理|承接)[^,.;]{0,24}(审核|审批|核定)(?![^,.;]{0,2}公示)"
        # … or a department's registration, filing or licence done in its stead (代为办理个体工商户
        # 设立登记…营业执照发放, 代为受理异地就医备案; not a listed service: 参保登记).
        r"|代为(办理|受理|审核|审批)(?:(?!参保|协助)[^,.;]){0,16}(设立登记|备案|执照|许可|发证)"
        # … or its staff drawn off to the department's own work (让村会计去局里帮忙三个月).
        r"|(干部|会计|文书|书记|主任|网格员|委员|专干|出纳)[^,.;]{0,6}(去|到)[^,.;]{0,6}局里?"
        r"[^,.;]{0,4}(帮忙|帮工|上班|坐班|顶岗)|抽(?:调)?[^,.;]{0,6}(?:去|到)[^,.;]{0,6}局"
        # … or thrown at the village, in a grassroots worker's words (直接扔给社区, 推给我们村).
        r"|(扔|推|甩|丢)给[^,.;]{0,2}(村|社区|我们)"
        # … or the department saying it stops doing the work (人社局不再设发放窗口, 不再出队).
        r"|(?<![村区])(?<!村里)(?<!社区里)不再(设|单独|另行|安排|派|受理|办理|承担|出队|接收)"
        r"|窗口撤了|撤了窗口"
        r"|(局|部门|中心|大队|站|所)[^,.;]{0,8}不再另设"
        # … or from a date on (即日起…由所在社区负责: the department hands its work over).
        r"|(即日起|[自从][^,.;]{1,12}起|(今年|明年|下月|本月|下周)起|今后|往后|以后)[^.;]{0,50}"
        r"(由|交给|交由|改由)([^,.;]{0,4}?|所在|各)"
        r"(村委会|居委会|村|社区)里?(先行)?(负责|承担|承接|受理|办理|先做)",
        r"截图|拍照上传|照片上传|上传[^,.;]{0,8}(照片|图片|视频)|打卡|签到|积分排名|接龙|下载[^,.;]{0,10}app"
        # (to the work group, not to the villagers' group for them to read: 拍照后发到村民群)
        r"|拍[^,.;]{0,14}(照|视频|合影)[^,.;]{0,10}(发|传)[^,.;]{0,4}(工作群|群里|群内|到群)",
        r"抽调|借调|跟班",
        _SECONDMENT,
        r"挂牌|加挂|挂上|专职|专人专岗|" + _PLAQUE,
        r"责任状|责任书|承诺书|军令状",
        # A form a department made up itself, not by the county's plan (自行制定的统计表, 非县委县政府
        # 统一安排, 来不及走县里统一布置): 未经统一部署要求填报表格.
        r"(自行|自己|自个儿)[^,.;]{0,8}(制定|设计|印制|编制|要|甩|发(?!起|现|动|展))[^,.;]{0,16}((?<!代)表|问卷)"
        r"|表[^.;]{0,30}(自己|自个儿)要的"
        r"|(非|未经|没经|没有|没见|来不及走)[^,.;]{0,6}(县委|县政府|县里)[^,.;]{0,8}(统一|部署|安排|布置)"
        r"|(没|没有|无)[^,.;]{0,2}红头文件|没(下|发)[^,.;]{0,2}文件"
        r"|(县委|县政府|县里)[^,.;]{0,4}(没|未)[^,.;]{0,4}(发文|发过文|部署|统一)"
        # … or asked on the spot (临时通知…报送…材料, 局里临时要数据).
        r"|临时[^,.;]{0,6}(要|通知)[^.;]{0,30}(材料|资料|数据|表)",
        # Paperwork made up after the fact for an inspection (补报案卷, 补填记录) is 留痕 by itself.
        r"(补报|补填|补录|补做|补写)[^,.;]{0,16}(材料|台账|表|记录|案卷|资料)",
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
        r"立案|查处|处罚|罚款|吊销|" + _ENFORCEMENT_ACT + "|" + _ENFORCE,
        r"审批|核发|(?<!颁)发证(?!书)|发放[^,.;]{0,6}证|许可证|初审意见|仲裁|裁决|作出[^,.;]{0,6}(决定|结论)",
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
# The village is asked to help a department (依法协助), not to run its own affairs (自治).
ASSIST_CUE = _re(r"协助|配合")
# The (sub)unit reports so that the department can enforce: not enforcement by the unit itself.
REPORTING_FOR_ENFORCEMENT = _re(r"(报告|报(?!的|数据|数有)|移交)[^,.;]{0,16}(查处|处理|执法)")


# A department's own duty handed to the township: a new duty for it, which needs 职责准入 unless
# the withdrawn list names it (then it is 收回事项). Handed down in so many words (下放到乡镇, 改由乡镇
# 审核, 受县税务局委托, 代为起草); or the department's own means of doing it: acting as its project
# owner or buyer (项目业主, 牵头招标, 工程款), paying or advancing its money (垫发, 从乡级财力中解决,
# 费用由各乡镇分摊), drafting its plans (编制…规划), issuing its licences and certificates (核发).
_TOWNSHIP = r"各?(?:乡镇|街道|乡里|镇里)"
DEVOLVED_CUE = _any(
    (
        r"受[^,.;]{0,10}委托|(?:下放|移交)(?:至|到|给)?"
        + _TOWNSHIP
        + r"|改由"
        + _TOWNSHIP
        + r"|代为|代征",
        r"项目业主|项目法人|作为[^,.;]{0,12}实施(?:单位|主体)"
        r"|(?:牵头|组织|负责|重新|自行)[^,.;]{0,6}(?:招标|比选)|工程款",
        r"垫发|垫付|本级财政|乡级财力|财力中解决|分摊|(?:支付|承担)[^,.;]{0,8}(?:费|款)"
        r"|费用由" + _TOWNSHIP,
        r"(?:编制|起草)[^,.;]{0,12}(?:规划|报告|文本)",
        r"核发|发放[^,.;]{0,8}(?:证书|合格证|许可证)|鉴证书",
        # (not the department's own: 县医保局负责追缴, 报县医保局稽核, 稽查大队; not 承接 of the
        # township's own work: 信访件的承接办理, 转移承接安置; not its own finance: 接待费报销凭证)
        r"承接[^,.;]{0,12}(?:受理|审核|审批|登记|发证|发放|制证|认定|考试|检查|核查|鉴定|评估)"
        r"|(?<!局)(?:稽核|稽查)(?!中心|大队|支队|局|科|股)|(?<!局负责)(?<!局)追缴"
        r"|追回[^,.;]{0,6}(?:基金|费用|税)|登簿(?!造册)|(?<!复)制证|定额税"
        r"|核定[^,.;]{0,8}(?:定额|税额|税款)|定额[^,.;]{0,4}核定"
        r"|(?:审核|核查)[^,.;]{0,14}(?:医保|参保|住院|门诊|医疗|就医)[^,.;]{0,10}(?:报销|结算)"
        r"|(?:医保|参保|住院|门诊|医疗|就医)[^,.;]{0,10}(?:报销|结算)[^,.;]{0,8}(?:审核|核查)"
        r"|年检[^,.;]{0,4}(?:初审|审核)",
        # (a supervision, an inspection or an assessment only the department's law gives it:
        # 商品房预售资金监管, an organisation's 年检/年度检查, 长护险's 失能评估, 强制检定, 权籍调查)
        r"预售资金[^,.;]{0,4}(?:监管|监督|审核|拨付|核拨|使用)(?![^,.;]{0,4}(?:政策|宣传))"
        r"|(?:开展|搞|组织|负责|承担|进行)[^,.;]{0,12}年检(?!宣传|政策)|承担[^,.;]{0,4}年度检查"
        r"|(?:社会组织|社会团体|民办非企业|基金会|协会)[^,.;]{0,16}年度检查(?!宣传|政策)"
        r"|权籍调查|宗地测绘|取水许可|超限超载检测|过磅|烈士(?:陵园|墓)"
        # (a levy the law gives the department: 征收残疾人就业保障金; the medical insurer's own
        # agreements with and assessments of its designated providers)
        r"|(?:就业保障金|残保金)(?![^,.;]{0,4}(?:政策|宣传))|按比例安排残疾人就业"
        r"|医保基金[^,.;]{0,6}(?:检查|稽核|监管|核查)"
        r"|(?<!宣传)(?<!宣传医保)定点(?:医药|医疗|零售药店|药店|医院)[^,.;]{0,8}(?:协议|年度考核|考核|稽核)"
        r"(?![^,.;]{0,2}(?:管理)?政策)"
        r"|年检结论|审查[^,.;]{0,6}年度工作报告|强制检定|失能(?:人员|等级)?(?:(?!摸底|需求|申请)[^,.;]){0,8}评估(?!政策|宣传|申请)",
    )
)


_PLAQUE_ONLY = _re(r"挂牌|挂上|牌子")


# The negative-list item a strong cue names, by a word of the item's name (each county words its
# items its own way; these are the classes' usual words): work handed over → 派交 (权责事项),
# money advanced → 垫资, costs put on the village → 经费, fees collected → 代收, staff drawn off → 抽调, material asked without
# the county's plan → 填报表格, villagers made an audience → 凑数, photos as proof → 截图, a new work
# group → 工作群, papers subscribed → 报刊. First pattern matched wins.
_CUE_ITEMS = (
    (
        _re(
            r"交给|交由|移交|下放|转交|改由|扔给|推给|甩给|丢给|不再|起[^,.;]*由|后[^,.;]*由"
            r"|即日起|代为"
        ),
        "派交",
    ),
    (_re(r"垫"), "垫资"),
    (_re(r"招商|招引|协议投资|引进|引来|拉来"), "招商"),
    (
        _re(
            r"自筹|筹措|筹集|解决|自行承担|自理|想办法|想辙|出钱|自己出|自个出|掏|不给|经费|费用|资金|列支"
        ),
        "经费",
    ),
    (_re(r"代收|代缴|代征|收取|收缴|催缴|费收|收齐"), "代收"),
    (_re(r"抽|借|跟班|派\d|值守|值班|[去到][^,.;]{0,6}局"), "抽调"),
    (_re(r"凑|充人头|充场|人气|场面|坐满|观众|到场|入场|捧场|着装|穿|出\d|台下"), "凑数"),
    (_re(r"统一|部署|安排|布置|表|总结|材料|资料|明细|记录|汇编|案例"), "填报表格"),
    (_re(r"拍(?!卖)|截图|照片|视频"), "截图"),
    (_re(r"群(?!众|测|防)|app"), "工作群"),
    (_re(r"订|报刊|报纸|日报|晚报|杂志"), "报刊"),
)


def cued_item(norm: str, text: str, index: MatchIndex) -> Match | None:
    """The negative-list item the strong cue in ``norm`` names, if the county lists one (None
    when the cue names no class, or the index holds no item of it)."""
    cue = strong_negative_cue(norm)
    word = next((w for p, w in _CUE_ITEMS if cue and p.search(cue.group(0))), "")
    if not word:
        return None
    hits = index.search(f"{text} {word}", limit=5, kinds=(KIND_VILLAGE_NEGATIVE,))
    return next((m for m in hits if word in m.item.name), None)


def strong_negative_cue(norm: str) -> re.Match[str] | None:
    """The first ``STRONG_NEGATIVE_CUE`` in ``norm``, a plaque cue aside where the plaque is one
    the lists name."""
    listed = _LISTED_PLAQUE.search(norm) is not None
    for m in STRONG_NEGATIVE_CUE.finditer(norm):
        if not (listed and _PLAQUE_ONLY.fullmatch(m.group(0))):
            return m
    return None


def burden_doubt(norm: str, level: str) -> tuple[str, str]:
    """The firm doubt the wording alone puts on an allowed reading, and the verdict a reviewer
    is pointed to ("" for the reading itself): for a village, a mark of a negative-list burden;
    for a township, a department's own duty handed down. ("", "") if none."""
    if level == LEVEL_VILLAGE:
        m = strong_negative_cue(norm)
        if m:
            return (
                f"任务用语“{m.group(0)}”带有禁止事项的特征，但未能确认对应的禁止事项：须人工研判。",
                VERDICT_NEGATIVE,
            )
        return "", ""
    m = DEVOLVED_CUE.search(norm)
    if m:
        return (
            f"任务写明“{m.group(0)}”：部门自身的职责交由乡镇（街道）承担，须经职责准入，须人工研判。",
            VERDICT_UNLISTED,
        )
    return "", ""
