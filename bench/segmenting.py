"""Benchmark segmentation: jieba, rjieba and the hybrid in archive.text.segmenting, one core.

Run: python bench/segmenting.py [--mb 2] [--names 5000] [--repeat 2]
The text is the sample and golden pages recombined by bench/synthetic.py (same seed, same bytes);
the user dictionary is the newsroom's plus ``--names`` made-up person names, as an archive's
contributors would add. Checks that the hybrid's words equal jieba's on the whole text, prints a
table and writes bench/results/segmenting.txt.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import multiprocessing
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rjieba  # noqa: E402

from archive.text import segmenting  # noqa: E402
from bench.synthetic import GIVEN, SURNAMES, Generator  # noqa: E402


def corpus(megabytes: float) -> list[str]:
    """Article-sized texts (one per paragraph group of a synthetic page) up to ``megabytes``."""
    gen = Generator()
    texts: list[str] = []
    size = 0
    number = 0
    while size < megabytes * 1e6:
        number += 1
        for part in gen.page(number, 6).split("\n## "):
            texts.append(part)
            size += len(part.encode())
    return texts


def names(count: int) -> list[str]:
    rng = random.Random(20261130)
    found: set[str] = set()
    while len(found) < count:
        found.add(rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
    return sorted(found)


def rate(function, texts: list[str], megabytes: float) -> float:
    """MB per second of this process's CPU time: other jobs on the shared cores barely move it."""
    start = time.process_time()
    for text in texts:
        function(text)
    return megabytes / (time.process_time() - start)


def _cut_for_search_chunk(texts: list[str]) -> list[list[str]]:
    return [segmenting.cut_for_search(t) for t in texts]


def pooled_rate(texts: list[str], megabytes: float, processes: int) -> float:
    """cut_for_search over a fork pool (children inherit the loaded dictionary), words sent back."""
    chunks = [texts[i : i + 200] for i in range(0, len(texts), 200)]
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(processes) as pool:
        for _ in pool.imap(_cut_for_search_chunk, chunks):
            pass
    return megabytes / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="megabytes of text (default 2)")
    parser.add_argument("--names", type=int, default=5000, help="made-up names added as user words")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs of each")
    args = parser.parse_args()

    texts = corpus(args.mb)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    seg = segmenting.segmenter()
    seg.add_words(names(args.names), tag="nr")
    seg.cut("预热")  # compiles the user-word pattern

    pieces = [piece for t in texts for piece in seg.blocks(t)]
    slow = [block for block, engine in pieces if engine == "jieba"]
    block_share = len(slow) / len(pieces)
    char_share = sum(map(len, slow)) / sum(len(b) for b, _ in pieces)
    same = all(
        seg.cut(t) == seg.jieba_cut(t) and seg.cut_for_search(t) == seg.jieba_cut_for_search(t) for t in texts
    )

    engines = {
        "cut": (seg.jieba_cut, rjieba.cut, seg.cut),
        "cut_for_search": (seg.jieba_cut_for_search, rjieba.cut_for_search, seg.cut_for_search),
    }
    best = {mode: [0.0, 0.0, 0.0] for mode in engines}
    for _ in range(args.repeat):  # round robin, best of each: a busy moment hits all alike
        for mode, functions in engines.items():
            for k, function in enumerate(functions):
                best[mode][k] = max(best[mode][k], rate(function, texts, megabytes))
    rows = [(mode, *best[mode]) for mode in engines]
    start = time.perf_counter()
    for text in texts:
        seg.cut_for_search(text)
    single = megabytes / (time.perf_counter() - start)
    pooled = pooled_rate(texts, megabytes, 2)

    lines = [
        f"Segmentation throughput, MB/s of UTF-8 text per second of CPU time, one core ({platform.python_version()}, "
        f"rjieba {importlib.metadata.version('rjieba')}, load {os.getloadavg()[0]:.1f})",
        f"text: {megabytes:.1f} MB in {len(texts)} texts from bench/synthetic.py; user words: newsroom "
        f"list + {args.names} names ({len(seg.tokenizer.user_words)} differ from jieba's dictionary)",
        "",
        f"{'mode':<16}{'jieba':>8}{'rjieba':>8}{'hybrid':>8}{'hybrid/jieba':>14}",
    ]
    for mode, j, r, h in rows:
        lines.append(f"{mode:<16}{j:>8.2f}{r:>8.2f}{h:>8.2f}{h / j:>13.1f}x")
    lines += [
        "",
        f"blocks sent to jieba: {block_share:.1%} of {len(pieces)} ({char_share:.1%} of their characters)",
        f"hybrid words == jieba words on every text (cut and cut_for_search): {'yes' if same else 'NO'}",
        f"hybrid cut_for_search, MB/s of wall time: one process {single:.2f}, "
        f"2-process pool (fork, words sent back) {pooled:.2f}",
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    out = ROOT / "bench/results/segmenting.txt"
    out.write_text(report, encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
