"""Load the demo county 青山市林源县 and its demo site. Running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo_site import DEMO_PASSWORD, build_demo_site
from registry.demo_city import load_demo_city
from registry.demo_county import DEFAULT_DIR, load_demo_county
from registry.models import Region

LINYUAN_CODE = "990123000000"


class Command(BaseCommand):
    help = (
        "载入演示县（青山市林源县）：区划、部门、八类清单及其版本、页面、角色与演示账号；"
        "以及青山市指导目录和依据指导目录调整的松岭区、松岭街道清单。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(DEFAULT_DIR), help="演示数据目录（默认 fixtures/linyuan）"
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "当前设置不允许载入演示数据（它会创建密码公开的演示账号）；仅用于 dev/test 设置。"
            )
        from pathlib import Path

        with transaction.atomic():
            report = load_demo_county(directory=Path(options["dir"]))
            # The city's catalogue and a second county (松岭区) deriving from it.
            report.versions_created += load_demo_city(directory=Path(options["dir"]))
            county = Region.objects.get(code=LINYUAN_CODE)
            accounts = build_demo_site(county=county)
            from mashangjian.demo import load_demo_cases

            mashangjian_report = load_demo_cases()
            from burden.demo import load_demo_registers

            burden_report = load_demo_registers(county=county)
        self.stdout.write(
            f"区划 {report.regions} 个，部门 {report.departments} 个；"
            f"新发布版本 {len(report.versions_created)} 个。"
        )
        self.stdout.write(f"码上减演示案件：{mashangjian_report}")
        self.stdout.write(f"基层负担登记簿：{burden_report}")
        for line in report.versions_created:
            self.stdout.write(f"  + {line}")
        if not options["quiet_accounts"]:
            self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
            for account in accounts:
                self.stdout.write(f"  {account.username:<16} {account.role}")
            from mashangjian.demo import demo_accounts

            for username, role in demo_accounts():
                self.stdout.write(f"  {username:<16} {role}")
