"""`manage.py rebuild_search_index`: rebuild the full-text index from the articles, e.g. after a dictionary change."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Article
from archive.search.index import rebuild


class Command(BaseCommand):
    help = "从文章全文重建检索索引（一个事务内完成，重建期间读者仍用旧索引）。"

    def handle(self, *args, **options):
        total = Article.objects.count()
        show = options["verbosity"] > 0
        with tqdm(total=total, unit="篇", desc="重建检索索引", disable=not show, file=self.stderr) as bar:
            done = rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"检索索引已重建：{done} 篇文章。"))
