"""Print one stored issue as JSON that ``import_issue`` can rebuild it from (format baoku.issue v3)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.models import Issue
from editorial.exporting import export_issue
from editorial.management.commands.import_pages import parse_date


class Command(BaseCommand):
    """Print an issue as JSON, so an import can be inspected or compared with the parser."""

    help = (
        "把一期报纸导出为 JSON（版面原文、文章、转版关联、待核查、更正、标签、导入记录、发布记录），"
        "可用 import_issue 恢复。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--publication", required=True, help="报纸的网址标识，如 moumou")
        parser.add_argument("--date", required=True, type=parse_date, help="出版日期，YYYY-MM-DD")
        parser.add_argument("--output", help="写入这个文件（UTF-8），不写则输出到屏幕")

    def handle(self, *args, **options):
        slug, date = options["publication"], options["date"]
        issue = Issue.objects.select_related("publication").filter(publication__slug=slug, date=date).first()
        if issue is None:
            raise CommandError(f"没有网址标识为 {slug} 的报纸在 {date.isoformat()} 的期次。")
        text = json.dumps(export_issue(issue), ensure_ascii=False, indent=2)
        if options.get("output"):
            try:
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{options['output']}：无法写入（{error.strerror}）。") from None
            self.stdout.write(f"已导出 {issue} 到 {options['output']}。")
        else:
            self.stdout.write(text)
