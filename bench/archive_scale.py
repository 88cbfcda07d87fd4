"""Archive at scale: bulk import throughput, storage and page latency over a synthetic archive.

Run (PostgreSQL, a database of its own, dropped and recreated):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baoku_bench python bench/archive_scale.py --articles 100000
CI-sized: python bench/archive_scale.py --articles 2000 --no-baseline
Prints one table and writes bench/results/<date>-<commit>-<database>-<articles>.md (with machine info).
Figures only; targets are in issue 8, never in timed tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import Generator  # noqa: E402

BASELINE_ARTICLES = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="parser processes for import_archive")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page for the latency figures")
    parser.add_argument("--seed", type=int, default=20260427)
    parser.add_argument("--work-dir", default=str(ROOT / "bench" / ".work"))
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help=f"skip the comparison run at {BASELINE_ARTICLES:,} articles",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/baoku_bench")
    runs = [run(url, args.articles, args)]
    if not args.no_baseline and args.articles != BASELINE_ARTICLES:
        runs.append(run(suffixed(url, "_10k"), BASELINE_ARTICLES, args))
    report(runs, args)


def suffixed(url: str, suffix: str) -> str:
    parts = urlparse(url)
    if parts.scheme.startswith("sqlite"):
        return url.replace(".sqlite3", f"{suffix}.sqlite3")
    return parts._replace(path=parts.path + suffix).geturl()


def fresh_database(url: str) -> None:
    """Drop and recreate the benchmark database so every run starts empty."""
    parts = urlparse(url)
    if parts.scheme.startswith("sqlite"):
        Path(parts.path).unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(url: str, articles: int, args) -> dict:
    """One size: generate, import, measure; runs Django in a child process per database."""
    tree = Path(args.work_dir) / f"archive-{articles}-{args.seed}"
    if not (tree / ".complete").exists():
        shutil.rmtree(tree, ignore_errors=True)
        print(f"generating {articles:,} articles into {tree} …", file=sys.stderr)
        counts = Generator(args.seed).write(tree, articles)
        (tree / ".complete").write_text(json.dumps(counts))
    fresh_database(url)
    env = dict(os.environ, DATABASE_URL=url, BENCH_TREE=str(tree), BENCH_WORKERS=str(args.workers))
    env["BENCH_REPEAT"] = str(args.repeat)
    out = subprocess.run(
        [sys.executable, __file__, "--measure"], env=env, check=True, capture_output=True, text=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["articles_requested"] = articles
    return result


# The measuring child: Django set up against one database


def measure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    tree = Path(os.environ["BENCH_TREE"])
    call_command("migrate", verbosity=0)
    files = sorted(tree.glob("*/*.txt"))
    text_bytes = sum(p.stat().st_size for p in files)
    result = {"text_bytes": text_bytes, "pages": len(files), "parser_mb_s": parser_speed(files)}
    out = io.StringIO()
    start = time.perf_counter()
    call_command(
        "import_archive",
        str(tree),
        publication="bench",
        create_publication="基准日报",
        workers=int(os.environ["BENCH_WORKERS"]),
        stdout=out,
        stderr=io.StringIO(),
    )
    seconds = time.perf_counter() - start
    from archive.models import Article

    count = Article.objects.count()
    result.update(
        import_seconds=seconds,
        import_mb_s=text_bytes / 1e6 / seconds,
        articles=count,
        articles_s=count / seconds,
        import_summary=out.getvalue().strip().splitlines()[-1],
    )
    result["storage"] = storage()  # before the harness's publishing update leaves dead rows behind
    publish_everything()
    result["latency"] = latencies(int(os.environ["BENCH_REPEAT"]))
    print(json.dumps(result, ensure_ascii=False))


def parser_speed(files: list[Path], budget_bytes: int = 20_000_000) -> float:
    """The parser alone on (up to 20 MB of) the same page files, one process."""
    from archive.parsing import parse_page

    texts, size = [], 0
    for path in files:
        data = path.read_bytes()
        texts.append(data.decode("utf-8"))
        size += len(data)
        if size >= budget_bytes:
            break
    start = time.perf_counter()
    for text in texts:
        parse_page(text)
    return size / 1e6 / (time.perf_counter() - start)


def publish_everything() -> None:
    """Make the whole archive public for the latency figures (harness only: one set-based update)."""
    from django.db import connection
    from django.utils import timezone

    from archive.models import Issue, Status

    Issue.objects.update(status=Status.PUBLISHED, published_at=timezone.now())  # visibility is the issue's
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def storage() -> dict:
    """Database bytes (tables, TOAST and indexes) of the record, per table, and the search index's share."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC"
            )
            rows = cursor.fetchall()
        total = sum(r[1] for r in rows)
    else:
        from django.db import OperationalError

        try:
            with connection.cursor() as cursor:
                # dbstat: bytes per b-tree; an index counts towards its table, as on PostgreSQL.
                cursor.execute(
                    "SELECT m.tbl_name, SUM(s.pgsize), SUM(CASE WHEN m.type = 'index' THEN s.pgsize ELSE 0 END) "
                    "FROM dbstat s JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name ORDER BY 2 DESC"
                )
                rows = cursor.fetchall()
        except OperationalError:  # an SQLite built without dbstat: the file's size only
            rows = None
        path = connection.settings_dict["NAME"]
        connection.close()
        total = os.path.getsize(path)
        if rows is None:
            return {"total": total, "search": None, "tables": {}}
    search = sum(r[1] for r in rows if is_search_table(r[0]))
    return {"total": total, "search": search, "tables": {r[0]: [r[1], r[2]] for r in rows[:8]}}


def is_search_table(name: str) -> bool:
    """The search index: archive_searchentry (PostgreSQL) and the FTS tables archive_search_grams* (SQLite)."""
    return name == "archive_searchentry" or name.startswith("archive_search_grams")


def latencies(repeat: int) -> dict:
    """Median and p95 milliseconds of public pages and admin lists, through the test client."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from archive.models import Article, Contributor, Issue, Page, Publication

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    publication = Publication.objects.get(slug="bench")
    issues = list(
        Issue.objects.filter(publication=publication).order_by("date").values_list("date", flat=True)
    )
    middle = issues[len(issues) // 2]
    page = Page.objects.filter(issue__date=middle).order_by("number").first()
    article_ids = list(Article.objects.filter(issue__date=middle).values_list("pk", flat=True))
    agency = (
        Contributor.objects.agencies().annotate(n=Count("agency_articles")).order_by("-n").first()
        or Contributor.objects.first()
    )
    total = Article.objects.count()
    public = {
        "home": "/",
        "publication": f"/bench/?year={middle.year}",
        "issue": f"/bench/{middle.isoformat()}/",
        "page": page.get_absolute_url(),
        "article": f"/article/{article_ids[len(article_ids) // 2]}/",
        "contributor (agency)": f"/contributor/{agency.pk}/",
    }
    admin = {
        "admin articles, first page": "/admin/archive/article/",
        "admin articles, deep page": f"/admin/archive/article/?p={max(total // 100 // 2, 1)}",
        "admin articles, filter": f"/admin/archive/article/?issue__publication__id__exact={publication.pk}",
    }
    client = Client()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-password")
    figures = {}
    for name, url in {**public, **admin}.items():
        if name.startswith("admin"):
            client.force_login(user)
        timings, status = [], None
        for _ in range(repeat + 2):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            status = response.status_code
        timings = sorted(timings[2:])  # the first two warm caches
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        figures[name] = {"median": statistics.median(timings), "p95": p95, "status": status, "url": url}
    return figures


# Reporting


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    mem = ""
    if Path("/proc/meminfo").exists():
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (
        f"commit {commit.stdout.strip() or '?'}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {mem} RAM; Python {platform.python_version()}; "
        f"load average at the end {load[0]:.2f}"
    )


def report(runs: list[dict], args) -> None:
    big = runs[0]
    base = runs[1] if len(runs) > 1 else None
    size_label = f"{big['articles']:,} articles"
    lines = [
        f"# Archive scale benchmark — {dt.date.today().isoformat()}",
        "",
        f"Machine: {machine()}",
        f"Database: {'SQLite' if os.environ.get('DATABASE_URL', '').startswith('sqlite') else 'PostgreSQL'}; "
        f"workers {args.workers}; seed {args.seed}; {args.repeat} requests per page.",
        "",
        "| measure | " + size_label + (f" | {base['articles']:,} articles | ratio |" if base else " |"),
        "|---|---:|" + ("---:|---:|" if base else ""),
    ]

    def row(name, a, b=None, fmt="{:.2f}"):
        cells = [fmt.format(a)]
        if base is not None:
            cells += [fmt.format(b), f"{a / b:.2f}×" if b else "–"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("page text, MB", big["text_bytes"] / 1e6, base and base["text_bytes"] / 1e6)
    row("import, MB/s", big["import_mb_s"], base and base["import_mb_s"])
    row("import, articles/s", big["articles_s"], base and base["articles_s"], "{:,.0f}")
    row("parser alone, MB/s (1 process)", big["parser_mb_s"], base and base["parser_mb_s"])
    row("database size / text size", ratio(big), base and ratio(base))
    row("database size without search index / text size", ratio(big, False), base and ratio(base, False))
    for name, figure in big["latency"].items():
        other = base["latency"][name] if base else {}
        row(f"{name} median, ms", figure["median"], other.get("median"), "{:.1f}")
        row(f"{name} p95, ms", figure["p95"], other.get("p95"), "{:.1f}")
    lines += [
        "",
        f"Import: {big['import_summary']}",
        "",
        "Largest tables (total bytes, of which indexes):",
        "",
    ]
    lines += [
        f"- {name}: {total / 1e6:.1f} MB ({idx / 1e6:.1f} MB indexes)"
        for name, (total, idx) in big["storage"]["tables"].items()
    ]
    statuses = {n: f["status"] for n, f in big["latency"].items() if f["status"] != 200}
    if statuses:
        lines += ["", f"Non-200 responses: {statuses}"]
    text = "\n".join(lines) + "\n"
    print(text)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    vendor = "sqlite" if os.environ.get("DATABASE_URL", "").startswith("sqlite") else "postgresql"
    stamp = f"{dt.date.today().isoformat()}-{commit.stdout.strip() or 'nogit'}"
    out = ROOT / "bench" / "results" / f"{stamp}-{vendor}-{big['articles_requested']}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}", file=sys.stderr)


def ratio(result: dict, search: bool = True) -> float:
    """Database bytes per byte of page text (issue 8's target is without the search index, on PostgreSQL)."""
    storage = result["storage"]
    if not search and storage.get("search") is None:
        return float("nan")  # not measured (printed as nan)
    return (storage["total"] - (storage["search"] if not search else 0)) / result["text_bytes"]


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure()
    else:
        main()
