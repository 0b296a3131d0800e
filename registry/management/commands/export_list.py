"""Write the version of a list in force on a date (today by default) as json, csv or xlsx.

A stable interface other tools rely on: docs/export.md describes the JSON shape, the csv and
xlsx layout (title row, header row, items), the formula guard and the file names.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry import selectors
from registry.enums import ListKind
from registry.exports import FORMATS, render_export
from registry.management.arguments import date_arg, kind_arg, region_arg
from registry.models import DutyList


class Command(BaseCommand):
    help = (
        "导出某区划某类清单在指定日期（默认今天）现行有效的版本。"
        "文件格式（标题行、表头、公式防护）见 docs/export.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（12位），如 990123000000")
        parser.add_argument("--kind", required=True, help=f"清单类型：{'、'.join(ListKind.values)}")
        parser.add_argument("--on", help="日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--format", default="json", choices=FORMATS, help="输出格式，默认 json")
        parser.add_argument("--output", help="输出文件路径；省略则写到标准输出")

    def handle(self, *args, **options):
        kind_arg(options["kind"])
        region = region_arg(options["region"])
        on = date_arg(options["on"]) if options["on"] else timezone.localdate()
        duty_list = DutyList.objects.filter(region=region, kind=options["kind"]).first()
        unit = None
        if duty_list is None:
            # A unit without a list of its own: the list it carries (attached above it), in
            # its context (applies_to, the adjustments above it, provenance).
            found = selectors.lists_for_region(region=region, on=on, kinds=[options["kind"]])
            if not found:
                raise CommandError(
                    f"{region.name}没有{ListKind(options['kind']).label}，上级也没有适用的此类清单。"
                )
            duty_list, unit = found[0].duty_list, region
        version = selectors.version_in_force(duty_list=duty_list, on=on)
        if version is None:
            first = duty_list.versions.order_by("effective_from").first()
            hint = f"，第1版自{first.effective_from:%Y-%m-%d}起施行" if first else ""
            raise CommandError(f"{on:%Y-%m-%d}时{duty_list}尚无生效版本{hint}。")
        data = render_export(
            selectors.version_export(version=version, unit=unit), options["format"]
        )
        if options["output"]:
            with open(options["output"], "wb") as fh:
                fh.write(data)
            self.stderr.write(f"已导出 {duty_list} 第{version.number}版 到 {options['output']}")
        elif options["format"] == "json":
            self.stdout.write(data.decode("utf-8"))
        else:
            self._write_bytes(data, binary=options["format"] == "xlsx")

    def _write_bytes(self, data: bytes, *, binary: bool) -> None:
        """csv and xlsx go to standard output byte for byte: the csv keeps its BOM (Excel needs
        it to read UTF-8) whatever the terminal's encoding."""
        stream = getattr(self.stdout._out, "buffer", None)
        if stream is not None:
            self.stdout.flush()
            stream.write(data)
            stream.flush()
        elif binary:
            raise CommandError("xlsx 是二进制文件，请用 --output 指定输出文件。")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
