"""Golden cases for linking continued pieces: one JSON table per case in tests/linking/.

Each case imports pages (as page text, through the real parser and importer), optionally takes
editors' decisions, and states every link row and every unmatched marker it must end with.
Markers are named "page|headline" (and "|printed text" for unmatched ones).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from archive.models import (
    Article,
    ContinuationLink,
    ContinuationMarker,
    Issue,
    Publication,
    continuation_chain,
)
from archive.parsing import PageLabel
from editorial.importing import import_issue
from editorial.linking import link_issue
from editorial.textio import decode_page_bytes

CASES = Path(__file__).resolve().parent / "linking"
DATE = dt.date(2026, 4, 27)

pytestmark = pytest.mark.django_db


def cases() -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.json"))


def import_pages(publication, pages: dict[str, list[str]]) -> None:
    files = [
        (PageLabel.parse(label).key, decode_page_bytes("\n".join(lines).encode(), f"{label}.txt"))
        for label, lines in pages.items()
    ]
    import_issue(publication, DATE, files)


def marker(ref: str, kind: str) -> ContinuationMarker:
    page, headline = ref.split("|")[:2]
    label = PageLabel.parse(page)
    return ContinuationMarker.objects.select_related("article__page").get(
        kind=kind,
        article__headline=headline,
        article__page__prefix=label.prefix,
        article__page__number=label.number,
    )


def name(m: ContinuationMarker) -> str:
    return f"{m.article.page.label}|{m.article.headline}"


def links_now() -> set[tuple[str, str, str]]:
    rows = ContinuationLink.objects.with_markers()
    return {(name(link.jump), name(link.back), link.status) for link in rows}


def unmatched_now() -> list[str]:
    return [f"{name(m)}|{m.text}" for m in link_issue(Issue.objects.get())]


@pytest.mark.parametrize("case", cases())
def test_linking_case(case):
    spec = json.loads((CASES / f"{case}.json").read_text(encoding="utf-8"))
    publication = Publication.objects.create(name="某某报", slug="moumou")
    editor = get_user_model().objects.create_user("editor")
    for step in spec["steps"]:
        if "import" in step:
            import_pages(publication, step["import"])
        elif "expect_unmatched" in step:
            assert unmatched_now() == step["expect_unmatched"]
        elif "expect_links" in step:
            assert links_now() == {tuple(row) for row in step["expect_links"]}
        elif "reject" in step:
            jump, back = marker(step["reject"][0], "jump"), marker(step["reject"][1], "back")
            ContinuationLink.objects.get(jump=jump, back=back).reject(editor)
        elif "link" in step:
            jump, back = marker(step["link"][0], "jump"), marker(step["link"][1], "back")
            if "error" in step:
                with pytest.raises(ValidationError) as refused:
                    ContinuationLink.link(jump, back, editor, reason=step.get("reason", ""))
                assert step["error"] in "；".join(refused.value.messages)
            else:
                link = ContinuationLink.link(jump, back, editor, reason=step.get("reason", ""))
                assert (link.decided_by, link.reason) == (editor, step.get("reason", ""))
        elif step.get("relink"):
            link_issue(Issue.objects.get())
        else:
            raise AssertionError(f"unknown step {step}")
    assert links_now() == {tuple(row) for row in spec["links"]}
    assert unmatched_now() == spec["unmatched"]
    if "chain" in spec:
        expected = [
            Article.objects.get(
                headline=r.split("|")[1], page__number=PageLabel.parse(r.split("|")[0]).number
            ).pk
            for r in spec["chain"]
        ]
        for pk in expected:
            assert continuation_chain(Article.objects.get(pk=pk)) == expected


def test_every_case_is_collected():
    assert len(cases()) >= 5
