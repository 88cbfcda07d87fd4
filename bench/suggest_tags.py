"""Benchmark tag suggestions: does the cost of one article's suggestions stay flat as the archive grows?

Run: DATABASE_URL=sqlite:////tmp/bench-tags.sqlite3 python bench/suggest_tags.py [--terms 200000 1000000]
Uses a throw-away database (it migrates it, imports the sample issue and fills the document-frequency
table with synthetic terms up to each size). Prints a table and writes bench/results/suggest_tags.txt.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from archive.models import Article, Contributor, Issue, Publication  # noqa: E402
from archive.vocabulary import load_archive_words  # noqa: E402
from editorial import suggestions  # noqa: E402
from editorial.importing import import_issue  # noqa: E402
from editorial.models import TermFrequency, TermSample  # noqa: E402
from editorial.textio import read_page_file  # noqa: E402

SAMPLE = ROOT / "samples" / "moumou" / "2026-04-27"


def setup_issue() -> list[Article]:
    call_command("migrate", verbosity=0)
    if not Issue.objects.exists():
        publication, _ = Publication.objects.get_or_create(slug="moumou", defaults={"name": "某某报"})
        files = [(int(p.stem), read_page_file(p)) for p in sorted(SAMPLE.glob("*.txt"))]
        import_issue(publication, Issue._meta.get_field("date").to_python("2026-04-27"), files)
    suggestions.rebuild_frequencies()
    return list(Article.objects.all())


def grow_table(size: int) -> None:
    """Pad the frequency table with synthetic terms up to ``size`` rows, as a big archive's table would be."""
    have = TermFrequency.objects.count()
    rows = [TermFrequency(term=f"合成词{i:07d}", documents=1 + i % 500) for i in range(have, size)]
    TermFrequency.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    TermSample.objects.update(articles=1_000_000)


def time_suggestions(articles: list[Article], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        for article in articles:
            start = time.perf_counter()
            suggestions.suggest(article)
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, nargs="+", default=[0, 200_000, 1_000_000])
    parser.add_argument("--contributors", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = setup_issue()
    Contributor.objects.bulk_create(
        [Contributor(name=f"作者{i:06d}") for i in range(args.contributors)],
        batch_size=5000,
        ignore_conflicts=True,
    )
    start = time.perf_counter()
    taught = load_archive_words(force=True)
    load_time = time.perf_counter() - start
    lines = [
        f"vocabulary load: {taught} names in {load_time * 1000:.0f} ms (once per process)",
        f"{'frequency rows':>15} | {'median suggest() per article':>30}",
        f"{'-' * 15}-+-{'-' * 30}",
    ]
    for size in sorted(args.terms):
        grow_table(size)
        rows = TermFrequency.objects.count()
        median = time_suggestions(articles, args.repeat)
        lines.append(f"{rows:>15,} | {median * 1000:>27.1f} ms")
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "suggest_tags.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
