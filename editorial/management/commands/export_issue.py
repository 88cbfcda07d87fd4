"""Print one stored issue as JSON, in the parser's shape plus ids and continuation links."""

import json

from django.core.management.base import BaseCommand, CommandError

from archive.models import Issue
from editorial.exporting import export_issue
from editorial.management.commands.import_pages import parse_date


class Command(BaseCommand):
    """Print an issue as JSON, so an import can be inspected or compared with the parser."""

    help = "Export one issue (pages, articles, continuation links) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--publication", required=True, help="publication slug")
        parser.add_argument("--date", required=True, type=parse_date, help="issue date, YYYY-MM-DD")

    def handle(self, *args, **options):
        slug, date = options["publication"], options["date"]
        issue = Issue.objects.select_related("publication").filter(publication__slug=slug, date=date).first()
        if issue is None:
            raise CommandError(f"no issue of publication {slug!r} dated {date.isoformat()}")
        self.stdout.write(json.dumps(export_issue(issue), ensure_ascii=False, indent=2))
