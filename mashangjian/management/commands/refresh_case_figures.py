"""Recompute 码上减's monthly statistics figures from the case table (every month).

The figures follow every write by themselves (database triggers mark the county-months, the
statistics page recomputes them first). Run this after restoring the case table without its
figures, after a TRUNCATE, or to check: ``--dry-run`` only says what would be recomputed.
"""

from django.core.management.base import BaseCommand, CommandError

from mashangjian.models import Case, CaseFiguresMark
from mashangjian.services.case_figures import case_figures_rebuild
from registry.enums import RegionLevel
from registry.management.arguments import region_arg


class Command(BaseCommand):
    help = "按案件表重算码上减月度统计数据（全部县，或 --county 指定的县）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--county",
            action="append",
            metavar="区划代码",
            help="只重算该县（12 位区划代码；可重复）；默认全部县",
        )
        parser.add_argument("--dry-run", action="store_true", help="只显示将重算的范围，不写入")

    def handle(self, *args, **options):
        counties = None
        if options["county"]:
            regions = [region_arg(code) for code in options["county"]]
            for region in regions:
                if region.level != RegionLevel.COUNTY:
                    raise CommandError(f"“{region.code}”（{region.name}）不是县级区划。")
            counties = {region.pk for region in regions}
        cases = Case.objects.order_by()
        marks = CaseFiguresMark.objects.all()
        if counties is not None:
            cases, marks = (
                cases.filter(county_id__in=counties),
                marks.filter(county_id__in=counties),
            )
        scope = "全部县" if counties is None else f"{len(counties)} 个县"
        if options["dry_run"]:
            self.stdout.write(
                f"将重算{scope}：案件 {cases.count()} 件，待重算标记 {marks.count()} 条（未写入）。"
            )
            return
        rows = case_figures_rebuild(counties=counties)
        self.stdout.write(f"已重算{scope}的月度统计：{rows} 行。")
