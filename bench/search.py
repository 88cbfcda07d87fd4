"""Benchmark full-text search: index build, index size, latency with highlighting and facets, equality.

Run (a script, never a timed test):
    python bench/search.py --articles 20000                       # SQLite file in /tmp
    python bench/search.py --articles 100000 \
        --database postgres://postgres@127.0.0.1:5432/baoku_bench_search
The database is dropped and recreated. The synthetic archive is made deterministically (``--seed``)
from the paragraphs and headlines of samples/ and tests/golden/, written with bulk_create (no
signals), then indexed with ``archive.search.index.rebuild`` (grams and jieba words; once with the
words cut in this process, once with a worker per core) and searched with the same code as the
public page (``run_search``: count, top 20 with highlighting, facets). Each query is also answered
by a plain LIKE scan over the same folded text, and the two id sets must be equal.
Segmentation alone (jieba and rjieba, precise and search mode) is timed on the same text, and a real
import (``import_archive`` of a generated tree) is timed with and without the search index write.
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
    parser.add_argument("--import-articles", type=int, default=2000, help="articles per timed real import")
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
    """MB/s of each segmenter on one core over the same folded texts, and of the word documents."""
    from archive.search.words import word_document
    from archive.text import segmenting
    from archive.text.folding import fold

    segmenting.tokenizer()
    texts = [fold(t) for t in texts]
    mb = sum(len(t.encode()) for t in texts) / 1e6

    def rate(function) -> float:
        t0 = time.perf_counter()
        for t in texts:
            function(t)
        return mb / (time.perf_counter() - t0)

    result = {
        "jieba cut (precise)": rate(segmenting.tokenizer().lcut),
        "jieba cut_for_search": rate(segmenting.tokenizer().lcut_for_search),
        "segmenting.cut_for_search (as indexed)": rate(segmenting.cut_for_search),
        "word documents (cut_for_search + split + both forms)": rate(lambda t: word_document("", t)),
    }
    try:
        import rjieba

        result["rjieba cut (precise)"] = rate(rjieba.cut)
        result["rjieba cut_for_search"] = rate(rjieba.cut_for_search)
    except ImportError:
        pass
    return result


def index_sizes(vendor: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('archive_searchentry'), "
                "pg_relation_size('archive_searchentry_grams_gin'), "
                "pg_relation_size('archive_searchentry_words_gin'), "
                "(SELECT sum(pg_column_size(words)) FROM archive_searchentry), "
                "pg_indexes_size('archive_searchentry'), pg_total_relation_size('archive_article')"
            )
            entry, grams, words_gin, words_column, indexes, article = cursor.fetchone()
            return {
                "entries (head, body; words column counted below)": (entry - indexes - words_column) / 1e6,
                "gram index (GIN expression index)": grams / 1e6,
                "word index: tsvector column": words_column / 1e6,
                "word index: GIN index": words_gin / 1e6,
                "articles (table, TOAST, indexes)": article / 1e6,
            }
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            sizes = dict(cursor.fetchall())
        except Exception:
            return {}
    return {
        "entries (head, body)": sum(v for k, v in sizes.items() if "archive_searchentry" in k) / 1e6,
        "gram index (FTS5, detail=none)": sum(
            v for k, v in sizes.items() if k.startswith("archive_search_grams")
        )
        / 1e6,
        "word index (FTS5 with positions and its copy of the words)": sum(
            v for k, v in sizes.items() if k.startswith("archive_search_words")
        )
        / 1e6,
        "articles (table)": sizes.get("archive_article", 0) / 1e6,
    }


def timed_import(tree: Path, slug: str, with_index: bool) -> tuple[float, int, int]:
    """Seconds to import a generated tree with import_archive (2 parser processes), index write on or off."""
    import io

    from django.core.management import call_command

    import editorial.importing.bulk as bulk
    from archive.models import Article

    real = bulk.reindex_articles
    if not with_index:
        bulk.reindex_articles = lambda ids, using=None: 0
    before = Article.objects.count()
    try:
        t0 = time.perf_counter()
        call_command(
            "import_archive",
            str(tree),
            publication=slug,
            create_publication=slug,
            workers=2,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        seconds = time.perf_counter() - t0
    finally:
        bulk.reindex_articles = real
    size = sum(p.stat().st_size for p in tree.glob("*/*.txt"))
    return seconds, Article.objects.count() - before, size


def import_ratio(articles: int, seed: int) -> list[tuple[str, str]]:
    """Two generated trees of the same size: one imported with the search index write, one without."""
    import shutil
    import tempfile

    from bench.synthetic import Generator

    rows = []
    work = Path(tempfile.mkdtemp(prefix="baoku_words_import_"))
    try:
        times = {}
        for n, with_index in enumerate((False, True)):
            tree = work / f"tree{n}"
            Generator(seed + n).write(tree, articles, start=dt.date(1980 + 5 * n, 1, 1))
            times[with_index] = timed_import(tree, f"imp{n}", with_index)
        (bare, made, size), (full, made_full, size_full) = times[False], times[True]
        rows.append(
            (
                f"real import (import_archive, {made:,} articles)",
                f"without search index {bare:.1f} s ({size / 1e6 / bare:.2f} MB/s); "
                f"with it {full:.1f} s ({size_full / 1e6 / full:.2f} MB/s, {made_full:,} articles)",
            )
        )
        rows.append(
            ("  indexing adds", f"{full / bare - 1:.2f}× to import time (import takes {full / bare:.2f}×)")
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


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
    for workers in (1, 2):
        with connection.cursor() as cursor:  # each build starts from an empty table, as the first one does
            cursor.execute(
                "DELETE FROM archive_searchentry" if vendor == "sqlite" else "TRUNCATE archive_searchentry"
            )
        t0 = time.perf_counter()
        rebuild(workers=workers)
        index_s = time.perf_counter() - t0
        rows.append(
            (
                f"index build, words cut in {workers} process{'es' if workers > 1 else ''}",
                f"{index_s:.1f} s: {built['articles'] / index_s:,.0f} articles/s, "
                f"{built['text_mb'] / index_s:.2f} MB/s (fold + grams + jieba words + both indexes)",
            )
        )
    if vendor == "postgresql":  # what autovacuum does after the rebuilds' deletes, before sizes and searches
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE archive_searchentry")  # (the truncates above left no dead rows)
    sample = [
        a.headline + "\n".join(b["text"] for b in a.body) for a in Article.objects.order_by("pk")[:2000]
    ]
    for name, value in segmentation_throughput(sample).items():
        rows.append((f"  {name}, 1 core", f"{value:.2f} MB/s"))
    for name, value in index_sizes(vendor).items():
        rows.append((f"size: {name}", f"{value:,.1f} MB"))

    queries = draw_queries(args.queries, args.seed)
    search_ms, date_ms, like_ms, counts, unequal = [], [], [], [], []
    run_search(QueryDict("", mutable=True) | {"q": queries[0]})  # the dictionary is read once per process
    for q in queries:
        t0 = time.perf_counter()
        outcome = run_search(QueryDict("", mutable=True) | {"q": q})
        search_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        run_search(QueryDict("", mutable=True) | {"q": q, "sort": "date"})
        date_ms.append((time.perf_counter() - t0) * 1000)
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
            "  the same sorted by date (no ranking)",
            f"median {statistics.median(date_ms):.1f} ms, p95 {percentile(date_ms, 95):.1f} ms",
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
            run_search(QueryDict("", mutable=True) | {"q": q, "p": str(page)})  # as the page and API ask
            times[page] = (time.perf_counter() - t0) * 1000
        deep.append(f"{q}: p1 {times[1]:.0f} / p100 {times[100]:.0f} ms")
    rows.append(("deep pages (5 commonest queries)", "; ".join(deep)))
    rows.extend(import_ratio(args.import_articles, args.seed))

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
