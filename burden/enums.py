"""The registers' codes and the flags they raise. No status string literals elsewhere."""

from django.db import models


class Register(models.TextChoices):
    FORMS = "forms", "基层报表目录"
    INSPECTIONS = "inspections", "督查检查考核计划"
    APPS = "apps", "政务应用程序、公众号、工作群"
    SECONDMENTS = "secondments", "借调人员"
    PLAQUES = "plaques", "机制牌子"


class FormStatus(models.TextChoices):
    IN_CATALOGUE = "in_catalogue", "目录内"
    OUTSIDE = "outside", "目录外（发现在用）"
    ABOLISHED = "abolished", "已废止"
    PENDING = "pending", "待准入（准入申请审核中）"


class Frequency(models.TextChoices):
    ONCE = "once", "一次性"
    MONTHLY = "monthly", "月报"
    QUARTERLY = "quarterly", "季报"
    HALF_YEARLY = "half_yearly", "半年报"
    YEARLY = "yearly", "年报"
    IRREGULAR = "irregular", "不定期"


class FilledBy(models.TextChoices):
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"
    BOTH = "both", "乡镇和村"


class PlanKind(models.TextChoices):
    ANNUAL = "annual", "年度计划内"
    EXTRA = "extra", "一事一报"


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    CANCELLED = "cancelled", "已取消"


class AppKind(models.TextChoices):
    APP = "app", "政务应用程序（APP）"
    ACCOUNT = "account", "公众号"
    MINI = "mini", "小程序"
    GROUP = "group", "工作群"


class AppStatus(models.TextChoices):
    KEEP = "keep", "保留"
    MERGED = "merged", "整合"
    CLOSED = "closed", "关停"


class PlaqueStatus(models.TextChoices):
    KEEP = "keep", "保留"
    REMOVED = "removed", "撤除"


# The functions the rules forbid in apps facing the grassroots: model field → Chinese name.
FORBIDDEN_FUNCTIONS: dict[str, str] = {
    "clock_in": "打卡签到",
    "ranking": "积分排名",
    "online_time": "在线时长",
    "forced_login": "强制下载或登录",
    "media_upload": "照片/视频/定位上传",
}


class Flag(models.TextChoices):
    OUTSIDE_CATALOGUE = "outside_catalogue", "目录外报表"
    EXPIRED = "expired", "已过有效期"
    EXTRA_UNAPPROVED = "extra_unapproved", "一事一报未注明批准"
    PILE_UP_WEEK = "pile_up_week", "同一周督查检查过多"
    PILE_UP_DAY = "pile_up_day", "同一天多个部门督查检查"
    FORBIDDEN_FUNCTION = "forbidden_function", "含禁止功能"
    NOT_FILED = "not_filed", "未备案"
    OVER_SIX_MONTHS = "over_six_months", "借调超过6个月"
    UNDER_FIVE_YEARS = "under_five_years", "工作不满5年被借调"
    OVER_CAP = "over_cap", "牌子数超过上限"
