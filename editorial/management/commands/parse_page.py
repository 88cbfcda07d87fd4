"""Show what the parser reads from one page file, without touching the database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.parsing import PageLabel, parse_page
from editorial.textio import PageFileError, read_page_file


class Command(BaseCommand):
    """Print the parser's JSON for one file, so a page can be checked before anything is stored."""

    help = "Parse one page-text file and print the result as JSON (no database needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="page-text file (UTF-8 or GB18030)")
        parser.add_argument("--page", help="page number such as 3 or A3; default: from the file name, else 1")

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
        raise CommandError(f"--page {option!r} is not a page number (try 3 or A3)")
    return key
