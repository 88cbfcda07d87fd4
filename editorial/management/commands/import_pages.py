"""Import the page files of one issue: read them all, then store them in one transaction."""

import argparse
import datetime as dt
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from archive.models import Publication
from archive.parsing import page_key, page_key_from_filename
from editorial.importing import ImportRefused, ImportSummary, import_issue, page_label
from editorial.textio import PageFileError, read_page_file


class Command(BaseCommand):
    """Import one issue's page files atomically and report what was stored."""

    help = "Import page-text files (or directories of *.txt) as the pages of one issue."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="FILE_OR_DIR", help="page files or directories of *.txt"
        )
        parser.add_argument("--publication", required=True, help="publication slug, e.g. mouribao")
        parser.add_argument("--date", required=True, type=parse_date, help="issue date, YYYY-MM-DD")
        parser.add_argument(
            "--create-publication",
            metavar="NAME",
            help="create the publication with this name if it does not exist",
        )
        parser.add_argument("--page", help="page number for a single file whose name carries none (3 or A3)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace edited articles, keeping the editor's version in history",
        )

    def handle(self, *args, **options):
        files = expand_paths(options["paths"])
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
        self.report(summary)

    def report(self, summary: ImportSummary) -> None:
        """Print one line per page, the unmatched jump lines, and a total."""
        for page in summary.page_results:
            if page.outcome == "unchanged":
                self.stdout.write(f"{page_label(page.key)} {page.source_name}: unchanged, skipped")
                continue
            self.stdout.write(
                f"{page_label(page.key)} {page.source_name}: {page.outcome}, {page.articles} articles, "
                f"{page.bylines} bylines, {page.repairs} repairs, {page.flags} flags"
                + (
                    f", {page.replaced_edited_articles} edited articles replaced"
                    if page.replaced_edited_articles
                    else ""
                )
            )
        for line in summary.unmatched:
            self.stdout.write(f"unmatched: {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.issue}: {summary.pages} pages imported, {summary.skipped_pages_unchanged} unchanged; "
                f"{summary.articles} articles, {summary.bylines} bylines, {summary.repairs} repairs, "
                f"{summary.flags} flags, {summary.unmatched_markers} unmatched markers"
            )
        )


def parse_date(value: str) -> dt.date:
    """Read an issue date written as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def expand_paths(paths: list[str]) -> list[Path]:
    """Turn the arguments into files, a directory giving its *.txt files in name order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise CommandError(f"{path}: directory has no *.txt files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or directory")
    return files


def assign_pages(files: list[Path], option: str | None) -> list[tuple[object, Path]]:
    """Give each file its page, from --page for a single file or else from its name."""
    if option is not None:
        if len(files) != 1:
            raise CommandError(f"--page can only be used with one file, not {len(files)}")
        key = page_key(option)
        if key is None:
            raise CommandError(f"--page {option!r} is not a page number (try 3 or A3)")
        return [(key, files[0])]
    keyed = []
    for path in files:
        key = page_key_from_filename(path.name)
        if key is None:
            raise CommandError(
                f"{path}: cannot tell the page from the file name; rename it (03.txt) or use --page"
            )
        keyed.append((key, path))
    return keyed


def read(path: Path):
    """Read one page file, turning a refusal into a message naming the file and line."""
    try:
        return read_page_file(path, settings.BAOKU_MAX_PAGE_BYTES)
    except PageFileError as exc:
        raise CommandError(str(exc)) from exc


def get_publication(slug: str, create_name: str | None) -> Publication:
    """Find the publication by slug, creating it only when asked to, so a typo cannot start a new paper."""
    publication = Publication.objects.filter(slug=slug).first()
    if publication is not None:
        return publication
    if not create_name:
        known = ", ".join(Publication.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(
            f'unknown publication {slug!r} (known: {known}); add --create-publication "报名" to create it'
        )
    if slugify(slug) != slug:
        raise CommandError(f"{slug!r} is not a valid slug: use lower-case letters, digits and hyphens")
    clash = Publication.objects.filter(name=create_name).first()
    if clash is not None:
        raise CommandError(f"a publication named {create_name!r} already exists with slug {clash.slug!r}")
    return Publication.objects.create(slug=slug, name=create_name)


def progress_bar(total: int, stderr) -> tqdm:
    """A progress bar on the terminal for multi-file imports, silent otherwise."""
    stream = getattr(stderr, "_out", sys.stderr)
    quiet = total < 2 or not getattr(stream, "isatty", lambda: False)()
    return tqdm(total=total, unit="page", file=stream, disable=quiet, leave=False)
