"""Recount the document frequencies that keyword suggestions rank by."""

from django.core.management.base import BaseCommand, CommandError

from editorial.suggestions import DEFAULT_SAMPLE, rebuild_frequencies


class Command(BaseCommand):
    help = "按最近的文章重新统计词的出现篇数（标签建议按此计算 TF-IDF）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample", type=int, default=DEFAULT_SAMPLE, help=f"统计最近多少篇文章，默认 {DEFAULT_SAMPLE}"
        )

    def handle(self, *args, **options):
        if options["sample"] < 1:
            raise CommandError("--sample 必须是正整数。")
        counted = rebuild_frequencies(options["sample"])
        self.stdout.write(f"已统计 {counted} 篇文章的词频。")
