"""`manage.py demo`: one command that leaves a fresh checkout with a readable sample issue and an editor login."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.models import Issue, Publication, Status
from editorial.workflow import set_issues_status

SLUG = "moumou"
NAME = "某某报"
DATE = dt.date(2026, 4, 27)
USERNAME = "editor"
PASSWORD = "baoku-demo"
URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "迁移数据库，导入并发布示例报纸，创建演示编辑账号；可重复运行。"

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        publication, _ = Publication.objects.get_or_create(slug=SLUG, defaults={"name": NAME})

        issue = Issue.objects.filter(publication=publication, date=DATE).first()
        if issue is None:
            self.import_sample()
            issue = Issue.objects.filter(publication=publication, date=DATE).first()
        else:
            self.stdout.write(f"示例期次 {issue} 已存在，跳过导入。")

        if issue.status != Status.PUBLISHED:
            set_issues_status([issue.pk], Status.PUBLISHED)
            self.stdout.write(f"已发布示例期次 {issue}。")

        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            User.objects.create_superuser(USERNAME, email="", password=PASSWORD)
            self.stdout.write(f"已创建演示编辑账号 {USERNAME}。")

        self.stdout.write(
            self.style.SUCCESS(
                "\n报库演示已就绪\n"
                f"  读者首页：{URL}\n"
                f"  编辑后台：{URL}admin/\n"
                f"  账号：{USERNAME}    密码：{PASSWORD}\n"
            )
        )

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
