"""Write the search index of every published version that has none.

Versions are indexed when they are published (``version_publish``), so this is for an index
that was lost or emptied (a restore, ``registry/0007``) or, with ``--rebuild``, for a change of
the tokenizer or the thesaurus: every entry is deleted and written again, in one transaction.
A search also indexes a version it finds unindexed, once; this does it ahead of the readers.
"""

from django.core.management.base import BaseCommand

from registry.models import ItemSearchEntry
from registry.search import search_reindex, search_unindexed_versions


class Command(BaseCommand):
    help = "为尚未建立检索索引的已发布版本建立索引；--rebuild 删除后全部重建。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="删除全部检索条目后重新建立（分词或同义词表变更后）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只统计需要建立索引的版本，不写入"
        )

    def handle(self, *args, **options):
        if options["dry_run"]:
            pending = len(search_unindexed_versions())
            existing = ItemSearchEntry.objects.count()
            self.stdout.write(
                f"尚未建立索引的版本 {pending} 个；现有检索条目 {existing} 条。"
                + ("（--rebuild 将全部重建）" if options["rebuild"] else "")
            )
            self.stdout.write("试运行（--dry-run）：未写入。")
            return
        written = search_reindex(rebuild=options["rebuild"])
        self.stdout.write(f"已写入检索条目 {written} 条。")
