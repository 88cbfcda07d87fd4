"""Benchmark full-text search: index build, index size, latency with highlighting and facets, equality.

Run (a script, never a timed test):
    python bench/search.py --articles 20000                       # SQLite file in /tmp
    python bench/search.py --articles 100000 \
        --database postgres://postgres@127.0.0.1:5432/baoku_bench_search
The database is dropped and recreated. The synthetic archive is made deterministically (``--seed``)
from the paragraphs and headlines of samples/ and tests/golden/, written with bulk_create (no
signals), then indexed with ``archive.search.index.rebuild`` and searched with the same code as the
public page (``run_search``: count, top 20 with highlighting, facets). Each query is also answered
by a plain LIKE scan over the same folded text, and the two id sets must be equal.
Prints a table and writes bench/results/search-<vendor>-<N>.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--database", default="sqlite:////tmp/baoku_bench_search.sqlite3")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split(":///", 1)[1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def source_material():
    """Headlines, paragraphs and names from every bundled page, parsed by the real parser."""
    from archive.parsing import parse_page

    paths = sorted((ROOT / "samples").glob("**/*.txt")) + sorted((ROOT / "tests/golden").glob("*/input.txt"))
    headlines, paragraphs, names = [], [], set()
    for path in paths:
        page = parse_page(path.read_text(encoding="utf-8-sig"))
        for article in page.articles:
            if article.headline:
                headlines.append(article.headline)
            paragraphs.extend(t for t in article.paragraphs if len(t) > 20)
            names.update(p.name for p in article.bylines if p.name)
    return headlines, paragraphs, sorted(names)


def build_archive(n: int, seed: int) -> dict:
    """N published articles over days and two papers, 8 pages x 10 articles per issue, bulk written."""
    from archive.models import Article, Byline, Contributor, Issue, Page, Publication, Status

    rng = random.Random(seed)
    headlines, paragraphs, names = source_material()
    family = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
    people = sorted(
        set(names) | {rng.choice(family) + rng.choice(given) + rng.choice(given) for _ in range(400)}
    )
    contributors = Contributor.objects.bulk_create([Contributor(name=name) for name in people])
    pubs = [
        Publication.objects.create(name="某某报", slug="moumou"),
        Publication.objects.create(name="某某晚报", slug="wanbao"),
    ]
    per_issue = 80
    start = dt.date(2000, 1, 1)
    issues = Issue.objects.bulk_create(
        [
            Issue(publication=pubs[k % 2], date=start + dt.timedelta(days=k // 2), status=Status.PUBLISHED)
            for k in range((n + per_issue - 1) // per_issue)
        ],
        batch_size=2000,
    )
    pages = Page.objects.bulk_create(
        [Page(issue=issue, number=p, name="要闻") for issue in issues for p in range(1, 9)], batch_size=5000
    )
    text_bytes = 0
    made = 0
    batch: list[Article] = []
    for index in range(n):
        page = pages[index // 10]
        body = [{"kind": "paragraph", "text": rng.choice(paragraphs)} for _ in range(rng.randint(2, 9))]
        headline = rng.choice(headlines)
        text_bytes += len(headline.encode()) + sum(len(b["text"].encode()) for b in body)
        batch.append(
            Article(
                issue_id=page.issue_id,
                page=page,
                order=index % 10 + 1,
                headline=headline,
                body=body,
            )
        )
        if len(batch) == 2000 or index == n - 1:
            created = Article.objects.bulk_create(batch)
            Byline.objects.bulk_create(
                [
                    Byline(article=a, contributor=rng.choice(contributors))
                    for a in created
                    if rng.random() < 0.6
                ]
            )
            made += len(created)
            batch = []
    return {"articles": made, "text_mb": text_bytes / 1e6}


def segmentation_throughput(texts: list[str]) -> dict:
    from archive.text import segmenting

    segmenting.tokenizer()
    mb = sum(len(t.encode()) for t in texts) / 1e6
    t0 = time.perf_counter()
    for t in texts:
        segmenting.cut(t)
    jieba_s = time.perf_counter() - t0
    result = {"jieba_mb_s": mb / jieba_s}
    try:
        import rjieba

        t0 = time.perf_counter()
        for t in texts:
            rjieba.cut(t)
        result["rjieba_mb_s"] = mb / (time.perf_counter() - t0)
    except ImportError:
        pass
    return result


def index_sizes(vendor: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('archive_searchentry'), "
                "pg_relation_size('archive_searchentry_grams_gin'), pg_total_relation_size('archive_article')"
            )
            entry, gin, article = cursor.fetchone()
            return {
                "entries_mb": (entry - gin) / 1e6,
                "gram_index_mb": gin / 1e6,
                "articles_mb": article / 1e6,
            }
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            sizes = dict(cursor.fetchall())
        except Exception:
            return {}
    fts = sum(v for k, v in sizes.items() if k.startswith("archive_search_grams"))
    return {
        "entries_mb": sizes.get("archive_searchentry", 0) / 1e6,
        "gram_index_mb": fts / 1e6,
        "articles_mb": sizes.get("archive_article", 0) / 1e6,
    }


def draw_queries(count: int, seed: int) -> list[str]:
    """1-3 words (jieba's, so real words) from one random article each."""
    from archive.models import Article
    from archive.text import segmenting

    rng = random.Random(seed)
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    queries: list[str] = []
    while len(queries) < count:
        article = Article.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").first()
        words = [
            w
            for w in segmenting.cut(article.headline + "".join(b["text"] for b in article.body))
            if len(w) >= 2
        ]
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice((1, 1, 2, 3))))))
    return queries


def like_scan_ids(query: str) -> set[int]:
    """Plain LIKE over the same folded text (and contributor names), no index: the reference answer."""
    from django.db.models import Exists, OuterRef, Q

    from archive.models import Article, Byline
    from archive.text.folding import fold

    qs = Article.objects.published()
    for word in query.split():
        w = fold(word)
        qs = qs.filter(
            Q(search_entry__head__contains=w)
            | Q(search_entry__body__contains=w)
            | Exists(Byline.objects.filter(article=OuterRef("pk"), contributor__name__contains=w))
            | Q(agency__name__contains=w)
        )
    return set(qs.values_list("pk", flat=True))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    reset_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from archive.models import Article
    from archive.search.engine import filter_matching
    from archive.search.index import rebuild
    from archive.search.query import parse_query
    from archive.search.service import run_search

    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    rows = []
    t0 = time.perf_counter()
    built = build_archive(args.articles, args.seed)
    rows.append(
        (
            "synthetic archive written (bulk_create)",
            f"{built['articles']:,} articles, {built['text_mb']:.0f} MB",
        )
    )
    rows.append(("  write time", f"{time.perf_counter() - t0:.1f} s"))

    with connection.cursor() as cursor:  # what autovacuum would have done after the bulk load
        cursor.execute("ANALYZE")
    t0 = time.perf_counter()
    rebuild()
    index_s = time.perf_counter() - t0
    rows.append(("index build (fold + grams + index)", f"{index_s:.1f} s"))
    rows.append(
        (
            "  throughput",
            f"{built['articles'] / index_s:,.0f} articles/s, {built['text_mb'] / index_s:.2f} MB/s",
        )
    )
    sample = [
        a.headline + "\n".join(b["text"] for b in a.body) for a in Article.objects.order_by("pk")[:2000]
    ]
    seg = segmentation_throughput(sample)
    rows.append(("raw jieba cut (1 core, same text)", f"{seg['jieba_mb_s']:.2f} MB/s"))
    if "rjieba_mb_s" in seg:
        rows.append(("raw rjieba cut (1 core, same text)", f"{seg['rjieba_mb_s']:.2f} MB/s"))
    for name, value in index_sizes(vendor).items():
        rows.append((f"size: {name}", f"{value:,.1f} MB"))

    queries = draw_queries(args.queries, args.seed)
    search_ms, like_ms, counts, unequal = [], [], [], []
    for q in queries:
        t0 = time.perf_counter()
        outcome = run_search(QueryDict("", mutable=True) | {"q": q})
        search_ms.append((time.perf_counter() - t0) * 1000)
        counts.append(outcome.count)
        t0 = time.perf_counter()
        expected = like_scan_ids(q)
        like_ms.append((time.perf_counter() - t0) * 1000)
        got = set(filter_matching(Article.objects.published(), parse_query(q)).values_list("pk", flat=True))
        if got != expected or outcome.count != len(expected):
            unequal.append(q)
    rows.append(
        (
            f"queries (1-3 words, {len(queries)})",
            f"hits median {statistics.median(counts):,.0f}, max {max(counts):,}",
        )
    )
    rows.append(
        (
            "search top 20 + highlight + facets",
            f"median {statistics.median(search_ms):.1f} ms, p95 {percentile(search_ms, 95):.1f} ms",
        )
    )
    rare = [ms for ms, n in zip(search_ms, counts, strict=True) if n <= built["articles"] // 100]
    if rare:
        rows.append(
            (
                f"  of which <= 1% of articles ({len(rare)})",
                f"median {statistics.median(rare):.1f} ms, p95 {percentile(rare, 95):.1f} ms",
            )
        )
    rows.append(
        (
            "plain LIKE scan (ids only)",
            f"median {statistics.median(like_ms):.1f} ms, p95 {percentile(like_ms, 95):.1f} ms",
        )
    )
    rows.append(
        ("equality with LIKE scan", "all equal" if not unequal else f"{len(unequal)} differ: {unequal[:5]}")
    )
    common = [q for _, q in sorted(zip(counts, queries, strict=False), reverse=True)[:5]]
    deep = []
    for q in common:
        times = {}
        for page in (1, 100):
            t0 = time.perf_counter()
            run_search(QueryDict("", mutable=True) | {"q": q, "p": str(page)}, with_facets=False)
            times[page] = (time.perf_counter() - t0) * 1000
        deep.append(f"{q}: p1 {times[1]:.0f} / p100 {times[100]:.0f} ms")
    rows.append(("deep pages (5 commonest queries)", "; ".join(deep)))

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    header = (
        f"search benchmark: {vendor}, {built['articles']:,} articles, commit {commit}, "
        f"{platform.machine()} {os.cpu_count()} cores (load {os.getloadavg()[0]:.1f}), Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    width = max(len(r[0]) for r in rows)
    table = "\n".join([header, "-" * len(header), *(f"{a.ljust(width)}  {b}" for a, b in rows)])
    print(table)
    out = ROOT / "bench" / "results" / f"search-{vendor}-{built['articles']}.txt"
    out.write_text(table + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
