"""Benchmark publishing: time and queries to publish and withdraw one issue of N articles.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/baoku_bench .venv/bin/python bench/publish_scale.py
     [--articles 1000 24000 100000]
Builds each issue with bulk inserts under a throwaway publication (slug bench-publish), measures
workflow.publish and workflow.withdraw, deletes it again, prints a table and writes it to
bench/results/publish_scale.txt. Figures only; never a timed test. The database must be migrated.
"""

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from archive.models import Article, Issue, Page, Publication, Status  # noqa: E402
from editorial import workflow  # noqa: E402

SLUG = "bench-publish"
PER_PAGE = 200
BODY = [{"kind": "paragraph", "text": "春风送暖，书香正浓。" * 30}]


def build(publication: Publication, day: dt.date, articles: int) -> Issue:
    issue = Issue.objects.create(publication=publication, date=day, status=Status.REVIEW)
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=n + 1, name="要闻") for n in range((articles + PER_PAGE - 1) // PER_PAGE)
    )
    batch = []
    for n in range(articles):
        page = pages[n // PER_PAGE]
        batch.append(Article(issue=issue, page=page, order=n % PER_PAGE + 1, headline=f"稿件{n}", body=BODY))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    return issue


def timed(step, issue):
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        step(issue)
        seconds = time.perf_counter() - start
    return seconds, len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[1_000, 24_000, 100_000])
    args = parser.parse_args()
    publication, _ = Publication.objects.get_or_create(slug=SLUG, defaults={"name": "基准测试报"})
    rows = []
    try:
        for i, articles in enumerate(args.articles):
            issue = build(publication, dt.date(1990, 1, 1) + dt.timedelta(days=i), articles)
            publish_s, publish_q = timed(workflow.publish, issue)
            visible = Article.objects.published().filter(issue=issue).count()
            withdraw_s, withdraw_q = timed(workflow.withdraw, issue)
            assert visible == articles, (visible, articles)
            rows.append((articles, publish_s, publish_q, withdraw_s, withdraw_q))
    finally:
        Article.objects.filter(issue__publication=publication).delete()
        Issue.objects.filter(publication=publication).delete()
        publication.delete()
    lines = [
        f"publish_scale on {connection.vendor} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"{'articles':>9} {'publish ms':>11} {'queries':>8} {'withdraw ms':>12} {'queries':>8}",
    ]
    for articles, publish_s, publish_q, withdraw_s, withdraw_q in rows:
        lines.append(
            f"{articles:>9,} {publish_s * 1000:>11.1f} {publish_q:>8} {withdraw_s * 1000:>12.1f} {withdraw_q:>8}"
        )
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "publish_scale.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
