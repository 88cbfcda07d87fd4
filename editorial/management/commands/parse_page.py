"""Show what the parser reads from one page file, without touching the database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.parsing import PageLabel, parse_page
from editorial.textio import PageFileError, read_page_file


class Command(BaseCommand):
    """Print the parser's JSON for one file, so a page can be checked before anything is stored."""

    help = "解析一个版面文字文件，以 JSON 打印解析结果（不读写数据库）。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="版面文字文件（UTF-8 或 GB18030）")
        parser.add_argument("--page", help="版次，如 3 或 A3；默认从文件名看出，看不出时为 1")

    def handle(self, *args, **options):
        path = options["file"]
        key = resolve_page(path, options["page"])
        try:
            source = read_page_file(path, settings.BAOKU_MAX_PAGE_BYTES)
            parsed = parse_page(source.text, page=key)
        except PageFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))


def resolve_page(path: str, option: str | None):
    """Take the page from --page, else from the file name, else 1, refusing a --page that is not a page."""
    if option is None:
        key = PageLabel.from_filename(Path(path).name)
        return key if key is not None else PageLabel("", 1)
    key = PageLabel.parse(option)
    if key is None:
        raise CommandError(f"{path}：--page “{option}”不是版次（可写 3 或 A3，版次 1–999）")
    return key
