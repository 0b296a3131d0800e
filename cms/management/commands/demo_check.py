"""Smoke-check the demo as a visitor would: the home page, a list page, the admin login page
and a missing page (the Chinese 404, not Django's debug page)."""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from cms.models import DutyListPage, RegionPage


class Command(BaseCommand):
    help = "检查演示站点：请求首页、区划页、清单页和管理后台登录页（均须返回200），以及一个不存在的地址（须返回中文404页面）。"

    def handle(self, *args, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        county = RegionPage.objects.filter(region__level="county").first()
        list_page = DutyListPage.objects.live().first()
        if county is None or list_page is None:
            raise CommandError("演示数据未载入：请先运行 manage.py load_demo_data。")
        checks = [
            ("首页", "/", "基层减负清单"),
            ("县区划页", county.url, county.title),
            ("清单页", list_page.url, "现行有效"),
            ("管理后台登录页", "/admin/login/", "csrfmiddlewaretoken"),
        ]
        for label, url, expected in checks:
            response = client.get(url)
            body = response.content.decode("utf-8", "replace")
            if response.status_code != 200 or expected not in body:
                raise CommandError(f"{label} {url} 检查失败：HTTP {response.status_code}")
            self.stdout.write(f"  {label} {url} … 200")
        missing = client.get("/no-such-page/")
        body = missing.content.decode("utf-8", "replace")
        if missing.status_code != 404 or '<html lang="zh-CN">' not in body or "未找到" not in body:
            raise CommandError(
                f"不存在的地址 /no-such-page/ 检查失败：HTTP {missing.status_code}，"
                "应为中文404页面（演示须以 DEBUG=False 运行：--settings=cms.settings.demo）。"
            )
        self.stdout.write("  不存在的地址 /no-such-page/ … 404（中文页面）")
        self.stdout.write(self.style.SUCCESS("演示站点检查通过。"))
