"""An article's imported text as a selection of its page's lines, so the page text is stored once.

The parser gives each article the slice of the page it was read from (its own lines and the blank
lines between them; page-level lines such as credits left out). That text is, line for line, a
subsequence of the page's source text, which the page keeps anyway. An import therefore records
the line numbers as ranges (``"3-9,12-20"``: first and last line, numbered from 1 as the parser
numbers them; a string, as jsonb stores numbers at several times the bytes) and stores the text
itself only when the ranges do not give it back exactly.
"""

from __future__ import annotations

from functools import lru_cache

from archive.parsing.lines import raw_lines

SOURCE_LINES_KEY = "lines"  # the key in Article.imported_snapshot


@lru_cache(maxsize=16)
def page_lines(page_text: str) -> tuple[str, ...]:
    """The page's lines numbered as parse_page numbers them (a leading byte-order mark is not text).

    Cached: an import asks once per article of the same page.
    """
    return tuple(raw_lines(page_text.lstrip("\ufeff")))


def text_of_lines(page_text: str, ranges: str) -> str:
    """The text those line ranges of the page hold, trimmed of blank lines at either end as the parser does."""
    lines = page_lines(page_text)
    kept = []
    for part in ranges.split(","):
        first, _, last = part.partition("-")
        kept += [lines[n - 1] for n in range(int(first), int(last or first) + 1) if 0 < n <= len(lines)]
    return "\n".join(kept).strip("\n")


def lines_of_text(
    page_text: str, text: str, first_line: int | None, last_line: int | None = None
) -> str | None:
    """Ranges of page lines from ``first_line`` on that give back ``text`` exactly, or None.

    Most articles are one run of lines (``first_line`` to ``last_line``); otherwise lines are taken
    in order wherever they match the next line of the text. Either way the result is checked by
    reading it back, so a selection that is not exact is never recorded.
    """
    if not text or not first_line:
        return None
    lines = page_lines(page_text)
    if last_line and "\n".join(lines[first_line - 1 : last_line]).strip("\n") == text:
        return f"{first_line}-{last_line}"
    wanted = text.split("\n")
    chosen, j = [], 0
    for n in range(first_line, len(lines) + 1):
        if j == len(wanted):
            break
        if lines[n - 1] == wanted[j]:
            chosen.append(n)
            j += 1
    if j < len(wanted):
        return None
    ranges: list[list[int]] = []
    for n in chosen:
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    compact = ",".join(f"{first}-{last}" for first, last in ranges)
    return compact if text_of_lines(page_text, compact) == text else None
