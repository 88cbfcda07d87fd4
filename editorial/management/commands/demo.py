"""`manage.py demo`: one command that leaves a fresh checkout with a readable sample issue and a login per role."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.models import Issue, Publication, Status
from editorial.roles import CHIEF, EDITOR, PROOFREADER, READER, make_staff
from editorial.suggestions import rebuild_frequencies
from editorial.workflow import publication_problems, publish, send_to_review

SLUG = "moumou"
NAME = "某某报"
DATE = dt.date(2026, 4, 27)
PASSWORD = "baoku-demo"
URL = "http://127.0.0.1:8000/"
ACCOUNTS = (("editor", EDITOR), ("proofreader", PROOFREADER), ("chief", CHIEF), ("viewer", READER))
ADMIN = "admin"
DEMO_REASON = "演示数据：示例期次的待核查项留给编辑练习"


class Command(BaseCommand):
    help = (
        "迁移数据库，导入并发布示例报纸，统计标签建议用的词频，为每个角色创建演示账号；"
        "可重复运行；生产环境下拒绝运行。"
    )

    def handle(self, *args, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError("演示命令会创建密码公开的账号，不能在生产环境（BAOKU_ENV=production）运行。")
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        publication, _ = Publication.objects.get_or_create(slug=SLUG, defaults={"name": NAME})

        issue = Issue.objects.filter(publication=publication, date=DATE).first()
        if issue is None:
            self.import_sample()
            issue = Issue.objects.get(publication=publication, date=DATE)
        else:
            self.stdout.write(f"示例期次 {issue} 已存在，跳过导入。")
        self.publish(issue)
        # Tag suggestions rank words by how many articles use them; on a sample this is a moment's work.
        counted = rebuild_frequencies()
        self.stdout.write(f"已统计 {counted} 篇文章的词频（标签建议用）。")

        for username, role in ACCOUNTS:
            make_staff(username, role, PASSWORD)
        User = get_user_model()
        if not User.objects.filter(username=ADMIN).exists():
            User.objects.create_superuser(ADMIN, email="", password=PASSWORD)

        accounts = "\n".join(f"    {username:<13}{PASSWORD}    {role}" for username, role in ACCOUNTS)
        self.stdout.write(
            self.style.SUCCESS(
                "\n报库演示已就绪\n"
                f"  读者首页：{URL}\n"
                f"  编辑后台：{URL}admin/\n"
                f"  演示账号（账号、密码、角色）：\n{accounts}\n"
                f"    {ADMIN:<13}{PASSWORD}    超级管理员\n"
            )
        )

    def publish(self, issue):
        """Publish the sample through the gate; what it finds is left for editors to practise on, on record."""
        if issue.status == Status.PUBLISHED:
            return
        if issue.status == Status.IMPORTED:
            send_to_review(issue)
        problems = publication_problems(issue)
        publish(issue, override_reason=DEMO_REASON if problems else None)
        self.stdout.write(f"已发布示例期次 {issue}。")
        for problem in problems:
            self.stdout.write(f"  发布检查：{problem}（已记入发布记录）")

    def import_sample(self):
        """Import the bundled sample pages through the real importer, as an editor would; fail loudly."""
        sample_dir = settings.BASE_DIR / "samples" / SLUG / DATE.isoformat()
        if not sample_dir.is_dir():
            raise CommandError(f"找不到示例版面目录 {sample_dir}")
        call_command(
            "import_pages",
            "--publication",
            SLUG,
            "--date",
            DATE.isoformat(),
            "--create-publication",
            NAME,
            str(sample_dir),
            stdout=self.stdout,
        )
