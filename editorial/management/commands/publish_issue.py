"""`manage.py publish_issue --publication SLUG --date YYYY-MM-DD [--force --reason TEXT]`, through the gate."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.models import Issue, Status
from editorial.workflow import TransitionRefused, publish, send_to_review


class Command(BaseCommand):
    help = "发布一期报纸，经过与后台相同的发布检查；检查未通过时须用 --force 并以 --reason 写明理由。"

    def add_arguments(self, parser):
        parser.add_argument("--publication", required=True, help="报纸的网址标识，如 moumou")
        parser.add_argument("--date", required=True, help="出版日期，格式 YYYY-MM-DD")
        parser.add_argument("--force", action="store_true", help="检查未通过也发布（须同时给出 --reason）")
        parser.add_argument("--reason", default="", help="越过检查的理由，记入发布记录")

    def handle(self, *args, publication, date, force, reason, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"日期“{date}”格式不对，应为 YYYY-MM-DD。") from None
        issue = (
            Issue.objects.select_related("publication")
            .filter(publication__slug=publication, date=day)
            .first()
        )
        if issue is None:
            raise CommandError(f"找不到 {publication} 在 {day} 的期次。")
        if force and not reason.strip():
            raise CommandError("使用 --force 时必须用 --reason 写明越过检查的理由。")
        if reason.strip() and not force:
            raise CommandError("--reason 只和 --force 一起使用。")
        if issue.is_published:
            self.stdout.write(f"{issue} 已经是已发布状态，无需再次发布。")
            return
        try:
            with transaction.atomic():  # a refused publication leaves the issue as it was, not sent to review
                if issue.status == Status.IMPORTED:
                    send_to_review(issue)
                event = publish(issue, override_reason=reason if force else None)
        except TransitionRefused as refused:
            lines = "\n".join(f"  - {r}" for r in refused.reasons)
            hint = "" if force else "\n检查未通过时，值班主任可以用 --force --reason 理由 发布。"
            raise CommandError(f"{issue} 未发布：\n{lines}{hint}") from None
        note = f"（越过检查，理由：{event.override_reason}）" if event.override_reason else ""
        first = f"，首次发布于 {issue.published_at:%Y-%m-%d %H:%M}" if issue.published_at != event.at else ""
        self.stdout.write(self.style.SUCCESS(f"已发布 {issue}{note}{first}。"))
