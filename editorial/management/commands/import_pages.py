"""Import the page files of one issue: read them all, then store them in one transaction."""

import argparse
import datetime as dt
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, transaction
from tqdm import tqdm

from archive.parsing import PageLabel
from editorial.importing import ImportRefused, ImportSummary, import_issue, page_label
from editorial.importing.sources import get_publication, is_page_file, locked_message, page_files
from editorial.textio import PageFileError, read_page_file


class Command(BaseCommand):
    """Import one issue's page files atomically and report what was stored."""

    help = "导入一期报纸的版面文字文件（或存放 *.txt 的目录），全部成功才写入。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="版面文件或目录（*.txt）")
        parser.add_argument("--publication", required=True, help="报纸的网址标识，如 mouribao")
        parser.add_argument("--date", required=True, type=parse_date, help="出版日期 YYYY-MM-DD")
        parser.add_argument("--create-publication", metavar="NAME", help="报纸不存在时以此名称新建")
        parser.add_argument("--page", help="文件名中没有版次时指定版次（3 或 A3），只能用于一个文件")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="以文件为准覆盖编辑改动过的内容；每处改动都记为一次修订（原因“重新导入”）",
        )

    def handle(self, *args, **options):
        files = expand_paths(options["paths"], self.stderr)
        keyed = assign_pages(files, options["page"])
        sources = [(key, read(path)) for key, path in keyed]
        with progress_bar(len(sources), self.stderr) as bar:
            try:
                with transaction.atomic():
                    publication = get_publication(options["publication"], options["create_publication"])
                    summary = import_issue(
                        publication,
                        options["date"],
                        sources,
                        replace=options["replace"],
                        on_page=lambda key: bar.update(),
                    )
            except (PageFileError, ImportRefused) as exc:
                raise CommandError(str(exc)) from exc
            except OperationalError as exc:
                message = locked_message(exc)
                if message is None:
                    raise
                raise CommandError(message) from exc
        self.report(summary)

    def report(self, summary: ImportSummary) -> None:
        """Print one line per page, the articles a re-import changed, the unmatched jump lines and a total."""
        for page in summary.page_results:
            line = f"{page_label(page.key)} {page.source_name}：{page.outcome_label}"
            if page.outcome != "unchanged":
                line += f"，{page.articles} 篇文章，{page.bylines} 个署名，{page.repairs} 处修复，{page.flags} 处待核查"
                if page.replaced_edited_articles:
                    line += f"，覆盖了 {page.replaced_edited_articles} 篇编辑改动过的文章"
            self.stdout.write(line)
        for change in summary.changes:
            self.stdout.write(f"改动：{change}")
        for line in summary.unmatched:
            self.stdout.write(f"未匹配的转版标记：{line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.issue}：导入 {summary.pages} 版，未变 {summary.skipped_pages_unchanged} 版；"
                f"{summary.articles} 篇文章，{summary.bylines} 个署名，{summary.repairs} 处修复，"
                f"{summary.flags} 处待核查，{summary.unmatched_markers} 个未匹配的转版标记"
            )
        )


def parse_date(value: str) -> dt.date:
    """Read an issue date written as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是 YYYY-MM-DD 形式的日期") from None


def expand_paths(paths: list[str], stderr=None) -> list[Path]:
    """Turn the arguments into files, a directory giving its *.txt files (any case) in name order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found, skipped = page_files(path)
            for other in skipped:
                if stderr is not None:
                    stderr.write(f"跳过（不是 .txt 版面文件）：{other}")
            if not found:
                raise CommandError(f"{path}：目录中没有 *.txt 版面文件")
            files.extend(found)
        elif path.is_file():
            if not is_page_file(path) and stderr is not None:
                stderr.write(f"注意：{path} 的扩展名不是 .txt，仍按版面文件导入")
            files.append(path)
        else:
            raise CommandError(f"{path}：没有这个文件或目录")
    return files


def assign_pages(files: list[Path], option: str | None) -> list[tuple[object, Path]]:
    """Give each file its page, from --page for a single file or else from its name."""
    if option is not None:
        if len(files) != 1:
            raise CommandError(f"--page 只能用于一个文件，这里有 {len(files)} 个")
        key = PageLabel.parse(option)
        if key is None:
            raise CommandError(f"{files[0]}：--page “{option}”不是版次（可写 3 或 A3，版次 1–999）")
        return [(key, files[0])]
    keyed = []
    for path in files:
        key = PageLabel.from_filename(path.name)
        if key is None:
            raise CommandError(f"{path}：无法从文件名看出版次；请改名（如 03.txt）或用 --page")
        keyed.append((key, path))
    return keyed


def read(path: Path):
    """Read one page file, turning a refusal into a message naming the file and line."""
    try:
        return read_page_file(path, settings.BAOKU_MAX_PAGE_BYTES)
    except PageFileError as exc:
        raise CommandError(str(exc)) from exc


def progress_bar(total: int, stderr) -> tqdm:
    """A progress bar on the terminal for multi-file imports, silent otherwise."""
    stream = getattr(stderr, "_out", sys.stderr)
    quiet = total < 2 or not getattr(stream, "isatty", lambda: False)()
    return tqdm(total=total, unit="版", file=stream, disable=quiet, leave=False)
