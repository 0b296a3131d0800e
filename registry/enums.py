"""Stable codes used across the registry. No status string literals elsewhere."""

from django.db import models

from registry import kinds


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"


class UnitType(models.TextChoices):
    PROVINCE = "省", "省"
    CITY = "地级市", "地级市"
    COUNTY = "县", "县"
    DISTRICT = "区", "区"
    SUBDISTRICT = "街道", "街道"
    TOWN = "镇", "镇"
    XIANG = "乡", "乡"
    COMMUNITY = "社区", "社区"
    VILLAGE = "村", "村"


class AppliesTo(models.TextChoices):
    """Narrows a county-wide item to some unit types."""

    ALL = "全部", "全部"
    TOWNSHIP = "乡镇", "乡镇"
    SUBDISTRICT = "街道", "街道"
    VILLAGE = "村", "村"
    COMMUNITY = "社区", "社区"


# Which unit types each ``applies_to`` value covers.
APPLIES_TO_UNIT_TYPES: dict[str, frozenset[str]] = {
    AppliesTo.ALL: frozenset(UnitType.values),
    AppliesTo.TOWNSHIP: frozenset({UnitType.TOWN, UnitType.XIANG}),
    AppliesTo.SUBDISTRICT: frozenset({UnitType.SUBDISTRICT}),
    AppliesTo.VILLAGE: frozenset({UnitType.VILLAGE}),
    AppliesTo.COMMUNITY: frozenset({UnitType.COMMUNITY}),
}


def applies_to_values_for(unit_type: str) -> list[str]:
    """The ``applies_to`` values that include a unit of this type."""
    return [value for value, types in APPLIES_TO_UNIT_TYPES.items() if unit_type in types]


class ListKind(models.TextChoices):
    """The eight list kinds; the values are also the CSV file stems of the demo county."""

    TOWNSHIP_BASIC = kinds.KIND_TOWNSHIP_BASIC, "基本履职事项清单"
    TOWNSHIP_COOPERATE = kinds.KIND_TOWNSHIP_COOPERATE, "配合履职事项清单"
    TOWNSHIP_WITHDRAWN = kinds.KIND_TOWNSHIP_WITHDRAWN, "上级部门收回事项清单"
    VILLAGE_SELFGOV = kinds.KIND_VILLAGE_SELFGOV, "依法自治事项清单"
    VILLAGE_ASSIST = kinds.KIND_VILLAGE_ASSIST, "依法协助政府工作事项清单"
    VILLAGE_NEGATIVE = kinds.KIND_VILLAGE_NEGATIVE, "负面事项清单"
    VILLAGE_CERTIFICATES = kinds.KIND_VILLAGE_CERTIFICATES, "出具证明事项清单"
    VILLAGE_NO_CERTIFICATES = kinds.KIND_VILLAGE_NO_CERTIFICATES, "不应出具证明事项清单"


TOWNSHIP_KINDS = (
    ListKind.TOWNSHIP_BASIC,
    ListKind.TOWNSHIP_COOPERATE,
    ListKind.TOWNSHIP_WITHDRAWN,
)
VILLAGE_KINDS = (
    ListKind.VILLAGE_SELFGOV,
    ListKind.VILLAGE_ASSIST,
    ListKind.VILLAGE_NEGATIVE,
    ListKind.VILLAGE_CERTIFICATES,
    ListKind.VILLAGE_NO_CERTIFICATES,
)

# Prefix of the stable item codes minted for each kind (JB-001 …). A code keeps
# its prefix when the item later moves to another list.
KIND_CODE_PREFIX: dict[str, str] = {
    ListKind.TOWNSHIP_BASIC: "JB",
    ListKind.TOWNSHIP_COOPERATE: "PH",
    ListKind.TOWNSHIP_WITHDRAWN: "SH",
    ListKind.VILLAGE_SELFGOV: "ZZ",
    ListKind.VILLAGE_ASSIST: "XZ",
    ListKind.VILLAGE_NEGATIVE: "FM",
    ListKind.VILLAGE_CERTIFICATES: "ZM",
    ListKind.VILLAGE_NO_CERTIFICATES: "BZ",
}


def kinds_for_level(level: str) -> tuple[str, ...]:
    if level == RegionLevel.TOWNSHIP:
        return TOWNSHIP_KINDS
    if level == RegionLevel.VILLAGE:
        return VILLAGE_KINDS
    return TOWNSHIP_KINDS + VILLAGE_KINDS


class Adjustment(models.TextChoices):
    """What an item of a derived list (a county list under the city catalogue, a township list
    under the county list) does to its source list (registry.layers)."""

    ADDED = "", "本级增补"
    EXCLUDED = "excluded", "不适用"
    REWORDED = "reworded", "本级表述"


class Provenance(models.TextChoices):
    """Where an item of a unit's list in force comes from (registry.layers)."""

    CITY = "city", "全市通用"
    COUNTY = "county", "全县通用"
    TOWNSHIP = "township", "全乡镇（街道）通用"
    OWN = "own", "本级制定"
    LOCAL = "local", "本级增补"


# Levels whose lists always derive from the list of the same kind above them (when there is one):
# a township or village list never replaces the county list, it adjusts it.
ALWAYS_DERIVED_LEVELS = frozenset({RegionLevel.TOWNSHIP, RegionLevel.VILLAGE})


class ChangeType(models.TextChoices):
    SUBSTANTIVE = "substantive", "实质性调整"
    CORRECTION = "correction", "勘误更正"


class VersionStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    PENDING = "pending", "尚未生效"
    SUPERSEDED = "superseded", "已失效"


class ImportTarget(models.TextChoices):
    """What an uploaded spreadsheet is imported into (registry.imports)."""

    LIST = "list", "清单事项"
    REGIONS = "regions", "行政区划"
    DEPARTMENTS = "departments", "部门"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    PROCESSING = "processing", "解析中"
    INVALID = "invalid", "有错误"
    READY = "ready", "待确认"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "处理失败"


class CheckVerdict(models.TextChoices):
    """Verdicts of the admission check (the codes of registry.kinds, with their labels)."""

    BASIC = kinds.VERDICT_BASIC, "基本履职事项（可以交办）"
    COOPERATE = kinds.VERDICT_COOPERATE, "配合履职事项（限配合职责）"
    WITHDRAWN = kinds.VERDICT_WITHDRAWN, "上级部门收回事项（不得交办）"
    SELFGOV = kinds.VERDICT_SELFGOV, "依法自治事项"
    ASSIST = kinds.VERDICT_ASSIST, "依法协助事项（费随事转）"
    NEGATIVE = kinds.VERDICT_NEGATIVE, "负面清单事项（不得交办）"
    CERTIFICATE_ALLOWED = kinds.VERDICT_CERTIFICATE_ALLOWED, "可以出具的证明"
    CERTIFICATE_FORBIDDEN = kinds.VERDICT_CERTIFICATE_FORBIDDEN, "不应出具的证明（应拒绝）"
    UNLISTED = kinds.VERDICT_UNLISTED, "清单外事项（须先准入）"
    REVIEW = kinds.VERDICT_REVIEW, "需人工研判"


class DecisionSource(models.TextChoices):
    """Where a person's decision on a task came from (used as evidence by later checks)."""

    ADMISSION = "admission", "准入审批"
    CORRECTION = "correction", "审查结果更正"


class CheckSource(models.TextChoices):
    WEB = "web", "查一查页面"
    API = "api", "接口"
    BATCH = "batch", "批量命令"
    MASHANGJIAN = "mashangjian", "码上减"
    ADMISSION = "admission", "准入申请"


class AdmissionStatus(models.TextChoices):
    """准入申请: 申请 → 审核 → 批准 / 驳回 / 退回修改 → (公布: derived from the list) → 退出."""

    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"
    REVOKED = "revoked", "已退出"
    WITHDRAWN = "withdrawn", "申请人撤回"
