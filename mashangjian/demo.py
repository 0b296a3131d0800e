"""Demo data for 码上减 on top of the demo county: categories, groups, routing rules, cases.

Call ``load_demo_cases()`` after the demo county is loaded. Running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registry.enums import RegionLevel
from registry.models import Department, Region

from .enums import CaseStatus, Satisfaction
from .models import Case, Category
from .permissions import Scope
from .services import calendar as calendar_services
from .services import cases as case_services
from .services import setup

CATEGORIES_CSV = Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"
DEMO_PASSWORD = "linyuan-demo-2026"  # noqa: S105 - the demo accounts' shared password

DEMO_REPORTS = [
    (
        "TBBS",
        "县统计局",
        "县教育局",
        "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月报送的基本一致，表格还要盖章扫描。",
    ),
    (
        "TBBS",
        "县统计局",
        "县教育局",
        "教育局又让社区填报留守儿童情况表，和之前报送的数据一样，要求当天下班前盖章上报。",
    ),
    (
        "ZJXS",
        "县政数局",
        "县应急管理局",
        "要求每名村干部每天在安全巡查APP打卡签到三次并上传照片，没打卡就在工作群通报。",
    ),
    (
        "ZJXS",
        "县政数局",
        "县应急管理局",
        "应急管理局要求社区干部每天在巡查APP打卡签到并上传照片，工作群里每天通报打卡排名。",
    ),
    (
        "WZRTP",
        "县民政局",
        "县农业农村局",
        "农业农村局未经准入直接让村委会负责高标准农田项目的统计和验收材料整理。",
    ),
    (
        "ZMSX",
        "县司法局",
        "县人社局",
        "人社部门要求村里给外出务工人员开具无犯罪记录证明和亲属关系证明。",
    ),
    (
        "WSHH",
        "县委办",
        "县住建局",
        "住建局一个月召开五次视频会议要求乡镇分管领导和村支书全程陪会，会上只是传达文件。",
    ),
    ("QT", None, "", "上级单位要求社区在重要节点前制作展板和宣传册，每个社区摊派费用。"),
]


# The 码上减 demo accounts, printed by ``make demo`` with the others (username, role).
DEMO_ACCOUNTS = (
    ("jianfu_office", "码上减·县减负机制办（全部案件、联系方式、统计）"),
    ("minzheng_handler", "码上减·承办单位 县民政局（只见交办案件，已去除反映人信息）"),
    ("zhengshu_handler", "码上减·承办单位 县政数局（只见交办案件，已去除反映人信息）"),
    ("songling_office", "码上减·松岭区减负机制办（只见松岭区的案件和统计）"),
)


def demo_accounts() -> list[tuple[str, str]]:
    """The 码上减 demo accounts that exist (for the demo loader's printout)."""
    User = get_user_model()
    present = set(
        User.objects.filter(username__in=[u for u, _ in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    return [(u, role) for u, role in DEMO_ACCOUNTS if u in present]


def _demo_user(username: str, email: str, name: str, *groups):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "first_name": name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*groups)
    return user


@transaction.atomic
def load_demo_cases() -> dict[str, int]:  # noqa: C901 - one pass; splitting would scatter one rule
    county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
    if county is None:
        return {}
    this_year = timezone.localdate().year
    calendar_services.calendar_seed(years=range(this_year - 1, this_year + 2))
    setup.categories_load(path=CATEGORIES_CSV)
    office = setup.office_group_setup(county=county)
    setup.routing_rules_from_categories(county=county)
    departments = {d.short_name: d for d in Department.objects.filter(county=county)}
    handler_groups = {
        name: setup.handler_group_setup(department=departments[name])
        for name in ("县民政局", "县政数局", "县统计局", "县司法局", "县委办")
        if name in departments
    }
    office_user = _demo_user("jianfu_office", "office@example.invalid", "码上减办公室", office)
    if "县民政局" in handler_groups:
        _demo_user(
            "minzheng_handler",
            "minzheng@example.invalid",
            "县民政局承办人",
            handler_groups["县民政局"],
        )
    if "县政数局" in handler_groups:
        _demo_user(
            "zhengshu_handler",
            "zhengshu@example.invalid",
            "县政数局承办人",
            handler_groups["县政数局"],
        )
    # Every other county of the deployment (松岭区, registry.demo_city) has its own office and
    # handler groups, named after it; setting them up never touches 林源县's.
    for other in Region.objects.filter(level=RegionLevel.COUNTY).exclude(pk=county.pk):
        other_office = setup.office_group_setup(county=other)
        for department in Department.objects.filter(county=other).select_related("county"):
            setup.handler_group_setup(department=department)
        if other.code == "990124000000":
            _demo_user(
                "songling_office", "songling@example.invalid", "松岭区减负机制办", other_office
            )
    if Case.objects.filter(county=county).exists():
        return {"cases": 0}
    villages = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=county.code[:6]).order_by(
            "code"
        )
    )
    scope = Scope(office_counties=frozenset({county.pk}))
    created = 0
    now = timezone.now()
    for i, (code, handler, subject, text) in enumerate(DEMO_REPORTS):
        region = villages[i % len(villages)] if villages else county
        receipt = case_services.case_submit(
            category=Category.objects.get(code=code),
            region=region,
            content=text,
            subject_department=departments.get(subject),
            occurred="近一个月",
            now=now - datetime.timedelta(days=20 - i),
        )
        created += 1
        case = receipt.case
        if i % 4 == 3:
            continue  # leave some waiting for acceptance
        target = departments.get(handler) if handler else None
        case_services.case_accept(
            case=case,
            scope=scope,
            user=office_user,
            department=target,
            direct=target is None,
            reason="演示：按类别指定",
        )
        if i % 2 == 0:
            case_services.case_answer(
                case=case,
                scope=Scope(handler_departments=frozenset({target.pk})) if target else scope,
                user=office_user,
                answer="经核实，已要求相关部门停止重复填报，改为从已有系统中调取数据。",
            )
            case_services.case_review(case=case, scope=scope, user=office_user, approve=True)
            if i == 0:
                case_services.case_rate(case=case, satisfaction=Satisfaction.SATISFIED)
    return {
        "cases": created,
        "open": Case.objects.filter(county=county, status=CaseStatus.HANDLING).count(),
    }
