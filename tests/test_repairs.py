"""Undoing and confirming the importer's column-break repairs."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from archive.models import Article, Publication
from archive.parsing import PageLabel, parse_page
from editorial import repairs
from editorial.importing import import_issue
from editorial.textio import decode_page_bytes

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_cases_with_repairs() -> list[str]:
    """Every golden parser case whose page has at least one repair (found by parsing, not by a list)."""
    found = []
    for case in sorted(p for p in GOLDEN.iterdir() if (p / "input.txt").is_file()):
        text = (case / "input.txt").read_text(encoding="utf-8")
        if any(a.repairs for a in parse_page(text).articles):
            found.append(case.name)
    return found


# Pure splitting


def test_two_joins_in_one_paragraph_split_back_in_either_order():
    body = [
        {"kind": "subhead", "text": "小标题"},
        {"kind": "paragraph", "text": "开头。"},
        {"kind": "paragraph", "text": "注重综合服务，加强引领，确保落实。"},
    ]
    joins = [
        {
            "kind": "column_break",
            "before": "注重综合服",
            "after": "务，加强引领，",
            "paragraph": 1,
            "offset": 5,
        },
        {
            "kind": "column_break",
            "before": "…综合服务，加强引领，",
            "after": "确保落实。",
            "paragraph": 1,
            "offset": 12,
        },
    ]
    pieces = ["开头。", "注重综合服", "务，加强引领，", "确保落实。"]
    for order in ([0, 1], [1, 0]):
        current, entries = body, joins
        for index in order:
            current, entries = repairs.split_body(current, entries, index)
            entries[index] = {**entries[index], "state": repairs.UNDONE}
        assert [b["text"] for b in current if b["kind"] != "subhead"] == pieces
        assert current[0] == {"kind": "subhead", "text": "小标题"}


def test_a_paragraph_edited_at_the_join_is_not_split_blindly():
    body = [{"kind": "paragraph", "text": "注重综合性服务工作。"}]  # an editor inserted 性
    join = [{"kind": "column_break", "before": "综合服", "after": "务", "paragraph": 0, "offset": 5}]
    with pytest.raises(ValidationError, match="已被修改"):
        repairs.split_body(body, join, 0)


def test_an_undone_repair_cannot_be_undone_twice():
    body = [{"kind": "paragraph", "text": "甲乙"}]
    join = [
        {
            "kind": "column_break",
            "before": "甲",
            "after": "乙",
            "paragraph": 0,
            "offset": 1,
            "state": "undone",
        }
    ]
    with pytest.raises(ValidationError, match="已经撤销"):
        repairs.split_body(body, join, 0)


# Round trip on every golden case that has repairs


@pytest.mark.django_db
@pytest.mark.parametrize("case", golden_cases_with_repairs())
def test_undoing_every_repair_restores_the_printed_paragraph_breaks(case):
    raw = (GOLDEN / case / "input.txt").read_bytes()
    key = PageLabel.parse(1).key
    import_issue(
        Publication.objects.create(name="某某报", slug="moumou"),
        dt.date(2026, 4, 27),
        [(key, decode_page_bytes(raw, "01.txt"))],
    )
    editor = get_user_model().objects.create_user("editor")
    printed = re.sub(r"\n[ \t\u3000]*\n+", "\n", raw.decode("utf-8"))
    articles = list(Article.objects.exclude(repairs=[]))
    assert articles, case
    rng = random.Random(case)
    for article in articles:
        before = article.paragraphs
        order = list(range(len(article.repairs)))
        rng.shuffle(order)
        for index in order:
            repairs.undo_repair(article.pk, index, editor)
        article.refresh_from_db()
        after = article.paragraphs
        assert len(after) == len(before) + len(order)
        assert "".join(after) == "".join(before)
        assert {r["state"] for r in article.repairs} == {repairs.UNDONE}
        assert {r["by"] for r in article.repairs} == {"editor"}
        old_breaks, all_breaks = breaks(before), breaks(after)
        new_breaks = [all_breaks[at] for at in all_breaks.keys() - old_breaks.keys()]
        assert len(new_breaks) == len(order)
        for tail, head in new_breaks:
            assert f"{tail}\n{head}" in printed, (case, tail, head)
        reasons = list(article.history.values_list("history_change_reason", flat=True)[: len(order)])
        assert reasons == [repairs.UNDO_REASON] * len(order)
        assert article.history.first().history_user == editor
        assert article.is_edited


def breaks(paragraphs: list[str]) -> dict[int, tuple[str, str]]:
    """Each break between paragraphs by its offset in the joined text, as (end of one, start of the next).

    Keyed by offset so that a short piece split back (务。) is one new break, not a changed neighbour.
    """
    found, offset = {}, 0
    for a, b in itertools.pairwise(paragraphs):
        offset += len(a)
        found[offset] = (a[-4:], b[:4])
    return found


@pytest.mark.django_db
def test_confirming_records_who_and_keeps_the_text(sample_dir):
    from editorial.textio import read_page_file

    page = sample_dir / "moumou" / "2026-04-27" / "01.txt"
    import_issue(
        Publication.objects.create(name="某某报", slug="moumou"),
        dt.date(2026, 4, 27),
        [(1, read_page_file(page))],
    )
    editor = get_user_model().objects.create_user("editor")
    article = Article.objects.exclude(repairs=[]).first()
    body, revisions = article.body, article.history.count()
    repairs.confirm_repair(article.pk, 0, editor)
    article.refresh_from_db()
    assert article.body == body and article.history.count() == revisions
    assert (article.repairs[0]["state"], article.repairs[0]["by"]) == (repairs.CONFIRMED, "editor")
    with pytest.raises(ValidationError, match="没有这处修复"):
        repairs.confirm_repair(article.pk, 99, editor)
