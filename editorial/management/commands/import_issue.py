"""Restore one issue from the JSON ``export_issue`` wrote, into a database that does not have it yet."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.restoring import RestoreError, restore_issue


class Command(BaseCommand):
    help = "从 export_issue 导出的 JSON 文件恢复一期报纸（整期在一个事务中写入；期次已存在则拒绝）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="export_issue 写出的 JSON 文件")
        parser.add_argument("--publication", help="导入到这个网址标识的报纸（默认用文件中的报纸）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}：找不到文件。") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}：不是 UTF-8 编码的文本文件。") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path}：第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON（{error.msg}）。"
            ) from None
        notes: list[str] = []
        try:
            issue = restore_issue(data, options.get("publication"), notes=notes)
        except RestoreError as error:
            raise CommandError(f"{path}：{error}") from None
        pages = issue.pages.count()
        articles = issue.articles.count()
        self.stdout.write(f"已恢复 {issue}：{pages} 个版面，{articles} 篇文章。")
        for note in notes:
            self.stderr.write(f"注意：{note}")
