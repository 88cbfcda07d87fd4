"""Re-run the continuation linker on one issue and print where every marker stands, in Chinese."""

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from archive.models import Issue
from editorial.linking import link_issue
from editorial.review import review_issue


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


class Command(BaseCommand):
    """Link free jump and back lines of one issue; editors' confirmations and rejections are kept."""

    help = "重新为一期的转版标记自动关联，并打印报告（编辑已确认或否决的关联不变）。"

    def add_arguments(self, parser):
        parser.add_argument("--publication", required=True, help="报纸的 slug，如 moumou")
        parser.add_argument("--date", required=True, type=parse_date, help="出版日期，YYYY-MM-DD")

    def handle(self, *args, **options):
        issue = (
            Issue.objects.select_related("publication")
            .filter(publication__slug=options["publication"], date=options["date"])
            .first()
        )
        if issue is None:
            raise CommandError(f"找不到期次：{options['publication']} {options['date']:%Y-%m-%d}")
        link_issue(issue)
        review = review_issue(issue)
        for row in review.markers:
            line = f"{row.marker.label}：{row.state_label}"
            if row.partner is not None:
                score = f"，匹配分 {row.link.score:.2f}" if row.link.score is not None else ""
                line += f" → {row.partner.label}{score}"
            elif row.why:
                line += f"（{row.why}）"
            self.stdout.write(line)
        c = review.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{issue}：{c['markers']} 个转版标记，{c['linked']} 个已关联，"
                f"{c['proposed']} 个待确认，{c['unmatched']} 个未关联"
            )
        )
