"""A deterministic synthetic archive made from the bundled sample pages and golden inputs.

Pages are cut into article blocks at their headline groups; each synthetic page recombines
blocks with their body paragraphs shuffled, digits and reporters' names varied, all from one
seeded random generator, so the same arguments always write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_NAMES = ("要闻", "综合", "理论", "副刊", "经济", "社会", "文化", "国际")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力兰红斌宇浩凯鹏飞晓雪梅琳"
NAME_RE = re.compile(
    r"((?:记者|通讯员|实习生|见习记者)[ \u3000]*)([\u4e00-\u9fff][ \u3000]?[\u4e00-\u9fff]{1,2})"
)
KEEP_IN_PLACE = re.compile(r"上接|下转|转\d|电[）)]|记者|通讯员|^\(|^（|^\*\*")


def source_pages() -> list[str]:
    paths = sorted((ROOT / "samples").glob("**/*.txt")) + sorted((ROOT / "tests/golden").glob("*/input.txt"))
    return [p.read_text(encoding="utf-8-sig") for p in paths]


def article_blocks(text: str) -> list[list[str]]:
    """Cut a page into blocks that each start with a headline group."""
    blocks: list[list[str]] = []
    current: list[str] = []
    previous_was_heading = False
    for line in text.splitlines():
        stripped = line.strip()
        heading = stripped.startswith("##") or stripped.startswith("### ")
        if heading and not previous_was_heading and current:
            blocks.append(current)
            current = []
        if stripped.startswith("# ") and not blocks and not current:
            continue  # the page's own name line
        current.append(line)
        if stripped:
            previous_was_heading = heading
    if current:
        blocks.append(current)
    return [b for b in blocks if any(line.strip().startswith("#") for line in b)]


class Generator:
    """Writes issues of synthetic pages; every choice comes from one seeded generator."""

    def __init__(self, seed: int = 20260427) -> None:
        self.rng = random.Random(seed)
        self.blocks = [b for text in source_pages() for b in article_blocks(text)]

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        name = self.rng.choice(SURNAMES) + given
        return name[0] + " " + name[1] if len(name) == 2 else name

    def vary(self, block: list[str]) -> list[str]:
        lines = list(block)
        movable = [
            i
            for i, line in enumerate(lines)
            if line.strip() and not line.lstrip().startswith("#") and not KEEP_IN_PLACE.search(line)
        ]
        texts = [lines[i] for i in movable]
        self.rng.shuffle(texts)
        for i, text in zip(movable, texts, strict=True):
            lines[i] = text
        out = []
        for line in lines:
            if "上接" not in line and "下转" not in line:
                line = re.sub(r"\d", lambda m: str(self.rng.randrange(10)), line)
                line = NAME_RE.sub(lambda m: m.group(1) + self.name(), line)
            out.append(line)
        return out

    def article(self) -> list[str]:
        """One block's headline group and body, lengthened with body paragraphs of one to three others."""
        lines = list(self.rng.choice(self.blocks))
        for _ in range(self.rng.randint(1, 3)):
            other = self.rng.choice(self.blocks)
            lines.extend(
                line
                for line in other
                if line.strip() and not line.lstrip().startswith("#") and not KEEP_IN_PLACE.search(line)
                for line in (line, "")
            )
        return lines

    def page(self, number: int, articles: int) -> str:
        name = PAGE_NAMES[(number - 1) % len(PAGE_NAMES)]
        parts = [f"# {name}", ""]
        for _ in range(articles):
            parts.extend(self.vary(self.article()))
            parts.append("")
        return "\n".join(parts) + "\n"

    def write(self, root: Path, articles: int, pages_per_issue: int = 4, start=dt.date(1990, 1, 1)) -> dict:
        """Write issues until about ``articles`` article blocks exist; return counts and bytes."""
        root.mkdir(parents=True, exist_ok=True)
        written = issues = size = 0
        date = start
        while written < articles:
            directory = root / date.isoformat()
            directory.mkdir(exist_ok=True)
            for number in range(1, pages_per_issue + 1):
                count = min(self.rng.randint(3, 8), articles - written)
                if count <= 0:
                    break
                data = self.page(number, count).encode("utf-8")
                (directory / f"{number:02d}.txt").write_bytes(data)
                written += count
                size += len(data)
            issues += 1
            date += dt.timedelta(days=1)
        return {"issues": issues, "blocks": written, "bytes": size}
