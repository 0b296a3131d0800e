from django.core.management.base import BaseCommand

from cms.notifications import announce_effective


class Command(BaseCommand):
    help = "通知提交人：已到生效日期的清单版本已施行（每日运行一次；每个版本只通知一次）。"

    def handle(self, *args, **options):
        count = announce_effective()
        self.stdout.write(f"已通知 {count} 个生效的清单版本。")
