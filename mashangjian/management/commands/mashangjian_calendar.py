"""Seed the holiday / make-up working day table from chinese-calendar."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from mashangjian.services.calendar import calendar_seed


class Command(BaseCommand):
    help = "从 chinese-calendar 导入法定节假日和调休上班日（已有的日期不覆盖；库中没有的年份会跳过并提示）。"

    def add_arguments(self, parser):
        this_year = timezone.localdate().year
        parser.add_argument(
            "--from-year", type=int, default=this_year - 1, help="起始年份（默认去年）"
        )
        parser.add_argument(
            "--to-year", type=int, default=this_year + 1, help="结束年份（含，默认明年）"
        )

    def handle(self, *args, **options):
        added = calendar_seed(years=range(options["from_year"], options["to_year"] + 1))
        for year in range(options["from_year"], options["to_year"] + 1):
            if year in added:
                self.stdout.write(f"{year}年：新增 {added[year]} 天")
            else:
                self.stdout.write(
                    f"{year}年：chinese-calendar 无此年数据，请在后台“节假日与调休”中手工录入"
                )
