"""Public pages at two archive sizes: are they flat? Median and p95 latency, and SQL queries, per page.

Run against an EMPTY scratch database (it is filled with synthetic rows, never cleaned):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baoku_bench_public \\
        .venv/bin/python bench/public_pages.py --small 10000 --large 100000

Builds a synthetic archive with bulk_create (one paper, 8 pages an issue, 12 articles a page, a
continued piece on every issue, bylines from 300 reporters, a fifth of the articles from one agency),
measures every public page at --small articles, grows the same archive to --large, ANALYZEs and
measures again. Prints a table and writes it to bench/results/. Figures only: no timed tests.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from archive.models import (  # noqa: E402
    Article,
    ArticleTag,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Issue,
    Page,
    Publication,
    Status,
    Tag,
)

PAGES_PER_ISSUE = 8
ARTICLES_PER_PAGE = 12
PER_ISSUE = PAGES_PER_ISSUE * ARTICLES_PER_PAGE
PARAGRAPH = "新就业群体是社会主义劳动者的重要组成部分，是经济社会发展不可或缺的重要力量。" * 4


def fill(until_articles: int, rng: random.Random) -> None:
    """Add published issues (one a day, from 1990 on) until the archive holds ``until_articles``."""
    pub, _ = Publication.objects.get_or_create(slug="bench", defaults={"name": "基准日报"})
    persons = list(Contributor.objects.persons())
    if not persons:
        Contributor.objects.bulk_create([Contributor(name=f"记者{i:03d}") for i in range(300)])
        Contributor.objects.create(name="新华社", kind=Contributor.Kind.AGENCY)
        persons = list(Contributor.objects.persons())
    agency = Contributor.objects.agencies().get(name="新华社")
    have = Article.objects.count()
    day = Issue.objects.filter(publication=pub).order_by("-date").values_list("date", flat=True).first()
    day = day or dt.date(1989, 12, 31)
    tags = list(Tag.objects.all()) or [
        Tag.objects.create(name=f"主题{i:02d}", kind=Tag.Kind.SUBJECT if i % 2 else Tag.Kind.PLACE)
        for i in range(40)
    ]
    while have < until_articles:
        batch_issues = []
        for _ in range(50):
            day += dt.timedelta(days=1)
            batch_issues.append(
                Issue(publication=pub, date=day, number=day.toordinal() % 100000 + 1, status=Status.PUBLISHED)
            )
        Issue.objects.bulk_create(batch_issues)
        issues = list(Issue.objects.filter(publication=pub, date__gte=batch_issues[0].date))
        pages = Page.objects.bulk_create(
            [
                Page(issue=i, number=n, name=f"第{n}版", credits=[{"role": "责任编辑", "name": "某某"}])
                for i in issues
                for n in range(1, PAGES_PER_ISSUE + 1)
            ]
        )
        articles = Article.objects.bulk_create(
            [
                Article(
                    issue_id=p.issue_id,
                    page=p,
                    order=o,
                    headline=f"{p.issue_id}期{p.number}版第{o}篇",
                    body=[{"kind": "paragraph", "text": PARAGRAPH}] * 6,
                    agency=agency if rng.random() < 0.2 else None,
                )
                for p in pages
                for o in range(1, ARTICLES_PER_PAGE + 1)
            ]
        )
        Byline.objects.bulk_create(
            [Byline(article=a, contributor=rng.choice(persons)) for a in articles if a.agency_id is None]
        )
        ArticleTag.objects.bulk_create(
            [ArticleTag(article=a, tag=t) for a in articles for t in rng.sample(tags, 3)]
        )
        by_key = {(a.issue_id, a.page.number, a.order): a for a in articles}
        pairs = []
        for i in issues:
            first, second = by_key[(i.pk, 1, 1)], by_key[(i.pk, 2, 1)]
            pairs.append(
                (
                    ContinuationMarker(article=first, kind="jump", text="(下转02版)", page_number=2),
                    ContinuationMarker(article=second, kind="back", text="(上接01版)", page_number=1),
                )
            )
        ContinuationMarker.objects.bulk_create([m for pair in pairs for m in pair])
        ContinuationLink.objects.bulk_create(
            [
                ContinuationLink(jump=jump, back=back, status=ContinuationLink.Status.AUTO)
                for jump, back in pairs
            ]
        )
        have += len(articles)
        print(f"\r  {have:,} articles", end="", flush=True)
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def urls() -> dict[str, str]:
    pub = Publication.objects.get(slug="bench")
    last = Issue.objects.filter(publication=pub).order_by("-date").first()
    middle = Issue.objects.filter(publication=pub).order_by("date")[Issue.objects.count() // 2]
    lead = Article.objects.get(issue=middle, page__number=1, order=1)
    page = Page.objects.get(issue=middle, number=3)
    reporter = Contributor.objects.persons().order_by("pk").first()
    agency = Contributor.objects.agencies().get(name="新华社")
    subject = Tag.objects.subjects().order_by("pk").first()
    return {
        "home": "/",
        "calendar (latest year)": pub.get_absolute_url(),
        "calendar (a middle year)": f"/bench/{middle.date.year}/",
        "issue": middle.get_absolute_url(),
        "page": page.get_absolute_url(),
        "article (continued)": lead.get_absolute_url(),
        "article text": f"/article/{lead.pk}/txt/",
        "contributor (reporter)": reporter.get_absolute_url(),
        "contributor (agency, deep page)": agency.get_absolute_url() + "?page=20",
        "tag (subject, deep page)": subject.get_absolute_url() + "?page=20",
        "feed (paper)": "/feeds/bench/",
        "feed (tag)": f"/feeds/tag/{subject.slug}/",
        "feed (corrections)": "/feeds/corrections/",
        "feed (agency)": f"/feeds/contributor/{agency.pk}/",
        "api articles": "/api/v1/articles/",
        "api articles by contributor": f"/api/v1/articles/?contributor={reporter.pk}",
        "api articles by date": f"/api/v1/articles/?date={middle.date}",
        "api article": f"/api/v1/articles/{lead.pk}/",
        "sitemap index": "/sitemap.xml",
        "latest issue": last.get_absolute_url(),
    }


def measure(repeat: int) -> dict[str, tuple[float, float, int]]:
    client = Client()
    figures = {}
    for name, url in urls().items():
        client.get(url)  # warm
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        figures[name] = (statistics.median(timings), p95, len(queries))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if Article.objects.exists() if connection.introspection.table_names() else False:
        sys.exit("bench/public_pages.py needs an empty scratch database (DATABASE_URL)")
    call_command("migrate", verbosity=0)
    rng = random.Random(20260427)
    print(f"filling to {args.small:,} articles")
    fill(args.small, rng)
    small = measure(args.repeat)
    print(f"growing to {args.large:,} articles")
    fill(args.large, rng)
    large = measure(args.repeat)
    head = (
        f"Public pages on {connection.vendor}, {platform.machine()} {os.cpu_count()} cores, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; Django test client, {args.repeat} runs, ms"
    )
    lines = [
        head,
        "",
        f"| page | queries | median @{args.small:,} | p95 @{args.small:,} | median @{args.large:,} "
        f"| p95 @{args.large:,} | p95 ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in small:
        (m1, p1, q1), (m2, p2, q2) = small[name], large[name]
        queries = str(q2) if q1 == q2 else f"{q1}→{q2}"
        lines.append(f"| {name} | {queries} | {m1:.1f} | {p1:.1f} | {m2:.1f} | {p2:.1f} | {p2 / p1:.2f} |")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"public_pages-{connection.vendor}-{args.large}.md"
    path.write_text(table + "\n", encoding="utf-8")
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
