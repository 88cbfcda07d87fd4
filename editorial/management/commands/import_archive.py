"""Load a newspaper's back archive: a directory tree of issues, one transaction per issue, resumable."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, transaction
from tqdm import tqdm

from editorial.importing import ImportRefused
from editorial.importing.bulk import discover, import_tree
from editorial.importing.publishing import publish_if_ready
from editorial.importing.sources import get_publication, locked_message


class Command(BaseCommand):
    """Import every issue under a directory and print a Chinese summary."""

    help = (
        "批量导入一份报纸的往期：目录下每期一个子目录（2026-04-27、20260427 或 2026/04/27），"
        "每期一个事务；出错的期次会列出并跳过，重新运行会跳过未变的期次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="往期目录")
        parser.add_argument("--publication", required=True, help="报纸的网址标识，如 mouribao")
        parser.add_argument("--create-publication", metavar="NAME", help="报纸不存在时以此名称新建")
        parser.add_argument("--workers", type=int, default=1, help="并行解析的进程数（写入始终在主进程）")
        parser.add_argument("--publish", action="store_true", help="导入后发布通过发布检查的期次")
        parser.add_argument(
            "--replace", action="store_true", help="以文件为准覆盖编辑改动（每处改动记为修订）"
        )

    def handle(self, *args, **options):
        root = Path(options["directory"])
        if not root.is_dir():
            raise CommandError(f"{root}：不是目录")
        if options["workers"] < 1:
            raise CommandError("--workers 至少为 1")
        try:
            with transaction.atomic():
                publication = get_publication(options["publication"], options["create_publication"])
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        found = discover(root)
        for line in found.skipped:
            self.stderr.write(line)
        if not found.issues:
            raise CommandError(f"{root}：没有找到按日期命名、含 *.txt 版面文件的期次目录")
        bar = progress_bar(found.total_bytes, len(found.issues), self.stderr)
        counts = {"issues": 0, "pages": 0}

        def advance(loaded):
            counts["issues"] += 1
            counts["pages"] += len(loaded.inputs or ())
            bar.set_postfix_str(
                f"期 {counts['issues']}/{len(found.issues)}，版 {counts['pages']}", refresh=False
            )
            bar.update(loaded.bytes)

        try:
            with bar:
                summary = import_tree(
                    publication,
                    found,
                    workers=options["workers"],
                    replace=options["replace"],
                    publish=publish_if_ready if options["publish"] else None,
                    on_issue=advance,
                )
        except OperationalError as exc:
            message = locked_message(exc)
            if message is None:
                raise
            raise CommandError(message + "；已导入的期次保留，重新运行会从中断处继续") from exc
        except KeyboardInterrupt:
            raise CommandError(
                "导入已中断：已提交的期次保留，未提交的期次没有写入任何内容；重新运行同一命令会跳过已导入的期次继续"
            ) from None
        for line in summary.failures:
            self.stderr.write(f"失败：{line}")
        for line in summary.not_published:
            self.stdout.write(f"未发布：{line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{publication}：导入 {summary.issues_imported} 期，未变跳过 {summary.issues_unchanged} 期，"
                f"失败 {summary.issues_failed} 期"
                + (f"，发布 {summary.issues_published} 期" if options["publish"] else "")
                + f"；{summary.pages} 版，{summary.articles} 篇文章；"
                f"{summary.bytes / 1e6:.1f} MB，用时 {summary.seconds:.1f} 秒，{summary.mb_per_second:.2f} MB/秒"
            )
        )
        if summary.issues_failed:
            raise CommandError(f"{summary.issues_failed} 期导入失败（见上面的列表），其余期次已导入")


def progress_bar(total_bytes: int, issues: int, stderr) -> tqdm:
    """Bytes as MB and MB/s with ETA, issues and pages in the postfix; silent when not on a terminal."""
    stream = getattr(stderr, "_out", sys.stderr)
    quiet = not getattr(stream, "isatty", lambda: False)()
    return tqdm(
        total=total_bytes,
        unit="B",
        unit_scale=True,
        unit_divisor=1000,
        desc="导入",
        file=stream,
        disable=quiet,
        leave=False,
    )
