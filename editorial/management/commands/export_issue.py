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
        "Export one issue (pages, articles, links, flags, errata, import records, publication events, "
        "sources, tags) as JSON; import_issue restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--publication", required=True, help="publication slug")
        parser.add_argument("--date", required=True, type=parse_date, help="issue date, YYYY-MM-DD")
        parser.add_argument("--output", help="write the JSON to this file (UTF-8) instead of standard output")

    def handle(self, *args, **options):
        slug, date = options["publication"], options["date"]
        issue = Issue.objects.select_related("publication").filter(publication__slug=slug, date=date).first()
        if issue is None:
            raise CommandError(f"no issue of publication {slug!r} dated {date.isoformat()}")
        text = json.dumps(export_issue(issue), ensure_ascii=False, indent=2)
        if options.get("output"):
            try:
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{options['output']}：无法写入（{error.strerror}）。") from None
            self.stdout.write(f"已导出 {issue} 到 {options['output']}。")
        else:
            self.stdout.write(text)
