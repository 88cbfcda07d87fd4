"""Benchmark the page parser: pages per second and peak memory on the bundled pages.

Run: .venv/bin/python bench/parse_pages.py [--repeat N]
Prints figures only; targets live here, never in timed tests.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing import parse_page  # noqa: E402


def main() -> None:
    """Parse every bundled page repeatedly and print throughput and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    paths = sorted((ROOT / "samples").glob("**/*.txt")) + sorted((ROOT / "tests/golden").glob("*/input.txt"))
    texts = [p.read_text(encoding="utf-8-sig") for p in paths]
    chars = sum(len(t) for t in texts)
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text in texts:
            parse_page(text)
        timings.append(time.perf_counter() - start)
    tracemalloc.start()
    for text in texts:
        parse_page(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best, median = min(timings), statistics.median(timings)
    print(f"pages: {len(texts)}  characters: {chars}")
    print(f"median pass: {median * 1000:.1f} ms  best: {best * 1000:.1f} ms")
    print(f"pages/s (median): {len(texts) / median:.0f}  chars/s: {chars / median:,.0f}")
    print(f"peak memory for one pass: {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
