"""What an import wrote, kept compactly so a later re-import can tell an editor's work from the file's.

An article's ``imported_snapshot`` holds a checksum of its editable fields (not a second copy of
the body), the headline and the bylines and agency as imported. A page's holds its name, credits
and the headlines it printed, which tells an article an editor deleted.
"""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace

from archive.models import Article, Page
from archive.models.articles import digest_of
from archive.models.importedtext import SOURCE_LINES_KEY, lines_of_text
from archive.parsing import ParsedArticle, ParsedPage

from .contributors import creditable


def article_fields(parsed: ParsedArticle) -> dict:
    """Map a parsed article onto Article's columns, with "" where the model has no null."""
    return {
        "section": parsed.section or "",
        "kicker": parsed.kicker or "",
        "headline": parsed.headline or "",
        "subtitle": parsed.subtitle or "",
        "document_date": parsed.document_date,
        "dateline_place": parsed.dateline.place if parsed.dateline else "",
        "dateline_date": parsed.dateline.date if parsed.dateline else "",
        "body": [b.to_json() for b in parsed.blocks],
        "repairs": [asdict(r) for r in parsed.repairs],  # with paragraph and offset, to undo a join
        "flags": [f.to_json() for f in parsed.flags],
        "stored_imported_text": parsed.source_text,  # record_imported_text may leave it to the page
    }


def parsed_bylines(parsed: ParsedArticle) -> list[list[str]]:
    """The article's credits as stored: normalised names, once per role, in printed order."""
    rows, seen = [], set()
    for person in parsed.bylines:
        name = creditable(person.name)
        if name and (name, person.role) not in seen:
            seen.add((name, person.role))
            rows.append([name, person.role])
    return rows


def parsed_agency(parsed: ParsedArticle) -> str:
    return creditable(parsed.agency or "")


def fields_digest(fields: dict) -> str:
    """Checksum of the editable fields exactly as Article.snapshot() reports them.

    Article.snapshot runs on a plain namespace: the same definition without building a model
    instance per article (measurably slow in a bulk import).
    """
    editable = SimpleNamespace(EDITABLE_FIELDS=Article.EDITABLE_FIELDS)
    editable.__dict__.update((name, fields[name]) for name in Article.EDITABLE_FIELDS)
    return digest_of(Article.snapshot(editable))


def article_snapshot(parsed: ParsedArticle, fields: dict | None = None) -> dict:
    """The compact import record of one article."""
    fields = fields or article_fields(parsed)
    return {
        "sha1": fields_digest(fields),
        "headline": fields["headline"],
        "bylines": parsed_bylines(parsed),
        "agency": parsed_agency(parsed),
    }


def record_imported_text(article: Article, parsed: ParsedArticle, page_text: str) -> None:
    """Keep the article's imported text as lines of its page's source when they give it back exactly.

    The page stores its source text anyway; the article then stores only the line ranges (in
    ``imported_snapshot``) and reads the text back through ``Article.imported_text``.
    """
    ranges = lines_of_text(page_text, parsed.source_text, parsed.first_line, parsed.last_line)
    if ranges is None:
        article.stored_imported_text = parsed.source_text
        return
    article.stored_imported_text = ""
    article.imported_snapshot[SOURCE_LINES_KEY] = ranges


def imported_digest(article: Article) -> str:
    """The checksum of the article as last imported, from either snapshot form."""
    snapshot = article.imported_snapshot or {}
    return snapshot["sha1"] if "sha1" in snapshot else digest_of(snapshot)


def imported_headline(article: Article) -> str:
    return (article.imported_snapshot or {}).get("headline", article.headline)


def prepare_articles(parsed: ParsedPage) -> list[tuple[dict, dict]]:
    """Column values and import snapshot of every article of a page: pure, so parser processes can do it."""
    prepared = []
    for article in parsed.articles:
        fields = article_fields(article)
        prepared.append((fields, article_snapshot(article, fields)))
    return prepared


def page_snapshot(parsed: ParsedPage) -> dict:
    """The compact import record of one page."""
    return {
        "name": parsed.name or "",
        "credits": [c.to_json() for c in parsed.credits],
        "headlines": [a.headline or "" for a in parsed.articles],
    }


def page_imported(page: Page) -> dict:
    """The page as last imported; a page stored before snapshots counts as unedited."""
    snapshot = page.imported_snapshot or {}
    return {
        "name": snapshot.get("name", page.name),
        "credits": snapshot.get("credits", page.credits),
        "headlines": snapshot.get("headlines"),
    }
