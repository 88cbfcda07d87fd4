"""Where a bulk import's time goes: wall seconds per step of import_archive, on a fresh database.

Run (PostgreSQL, a database of its own, dropped and recreated):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baoku_bench_split python bench/import_split.py --articles 20000
Wraps the importer's steps with timers (exclusive time: a step nested in another is not counted
twice) and prints one table. Server CPU is summed over the import's connections, read from /proc;
the machine is shared: compare runs made close together, and the CPU seconds rather than the wall.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.archive_scale import fresh_database  # noqa: E402
from bench.synthetic import Generator  # noqa: E402

TOTALS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # wall, python CPU, server CPU
CALLS: dict[str, int] = defaultdict(int)
LOCAL = threading.local()  # each writer thread's own stack of timed steps
BACKENDS: dict[int, float] = {}  # pid -> CPU seconds last read (kept once the connection is closed)


def server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend (0 on SQLite or when /proc is unreadable)."""
    for pid in list(BACKENDS):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        BACKENDS[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return sum(BACKENDS.values())


def clocks() -> list[float]:
    return [time.perf_counter(), time.process_time(), server_cpu()]


def timed(name, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not hasattr(LOCAL, "stack"):
            LOCAL.stack = []
        STACK = LOCAL.stack
        frame = [name, [0.0, 0.0, 0.0]]
        STACK.append(frame)
        start = clocks()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = [b - a for a, b in zip(start, clocks(), strict=True)]
            STACK.pop()
            for k in range(3):
                TOTALS[name][k] += spent[k] - frame[1][k]
                if STACK:
                    STACK[-1][1][k] += spent[k]
            CALLS[name] += 1

    return wrapper


def patch(owner, attribute, name):
    setattr(owner, attribute, timed(name, getattr(owner, attribute)))


def instrument() -> None:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from archive.search import index
    from editorial import recording
    from editorial.importing import bulk, contributors, copying, creating

    patch(BaseDatabaseWrapper, "commit", "commit")
    patch(bulk, "load_issue", "read+parse (main process)")
    patch(contributors.ContributorRegistry, "resolve", "contributors")
    patch(bulk.Issue.objects.__class__, "bulk_create", "issues insert")
    patch(bulk, "create_pages_of_issues", "page/article/byline/marker rows (python)")
    patch(copying, "insert_rows", "COPY pages/articles/bylines/markers")
    creating.insert_rows = copying.insert_rows
    patch(bulk, "link_issues", "links")
    patch(index, "_reindex_batch", "search entries")
    patch(recording, "record_imports", "import records + flags")
    patch(bulk, "analyze", "ANALYZE")
    patch(bulk, "stored_checksums", "stored checksums")
    for name, fn in getattr(bulk, "TIMED_EXTRA", {}).items():
        patch(bulk, fn, name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260427)
    parser.add_argument("--work-dir", default=str(ROOT / "bench" / ".work"))
    parser.add_argument("--profile", help="write a cProfile of the main process to this file")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/baoku_bench_split")
    tree = Path(args.work_dir) / f"archive-{args.articles}-{args.seed}"
    if not (tree / ".complete").exists():
        Generator(args.seed).write(tree, args.articles)
        (tree / ".complete").write_text("{}")
    if not url.startswith("sqlite"):
        fresh_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from archive.models import Publication
    from editorial.importing.bulk import discover, import_tree

    call_command("migrate", verbosity=0)
    instrument()
    publication = Publication.objects.create(slug="bench", name="基准日报")
    found = discover(tree)
    from django.db.backends.signals import connection_created

    def remember_backend(sender, connection, **kwargs):  # the import reopens its connection after forking
        if connection.vendor == "postgresql":
            BACKENDS[connection.connection.info.backend_pid] = 0.0

    connection_created.connect(remember_backend)
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = clocks()
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        summary = profiler.runcall(import_tree, publication, found, workers=args.workers)
        profiler.dump_stats(args.profile)
    else:
        summary = import_tree(publication, found, workers=args.workers)
    wall, cpu, server = (b - a for a, b in zip(begin, clocks(), strict=True))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    print(
        f"{summary.articles:,} articles, {summary.bytes / 1e6:.1f} MB in {wall:.1f} s: "
        f"{summary.bytes / 1e6 / wall:.2f} MB/s; CPU seconds: main process {cpu:.1f}, "
        f"database backend {server:.1f}, parse workers {workers:.1f}; load {os.getloadavg()[0]:.2f}"
    )
    print("| step | wall s | share | python CPU s | server CPU s | calls |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (seconds, py, db) in sorted(TOTALS.items(), key=lambda kv: -kv[1][0]):
        print(f"| {name} | {seconds:.2f} | {seconds / wall:.0%} | {py:.2f} | {db:.2f} | {CALLS[name]} |")
    rest = [t - sum(v[k] for v in TOTALS.values()) for k, t in enumerate((wall, cpu, server))]
    print(
        f"| other (waiting on parse workers, loop) | {rest[0]:.2f} | {rest[0] / wall:.0%} | {rest[1]:.2f} | {rest[2]:.2f} | |"
    )


if __name__ == "__main__":
    main()
