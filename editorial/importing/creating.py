"""Create new pages and articles in batches: a fixed handful of queries whatever the page's size.

Articles, bylines and markers each go in one ``bulk_create``; an article's history starts when it
first changes (``archive.models.articles.before_article_change``), its row being the imported version;
contributors for the whole batch are resolved by the registry in one query plus one
conflict-safe insert.
"""

from __future__ import annotations

import os

from django.utils import timezone

from archive.models import Article, Byline, ContinuationMarker, Issue, Page
from archive.models.articles import IMPORTED_BY_KEY
from archive.parsing import ParsedArticle

from .base import PageInput, PageResult
from .contributors import ContributorRegistry, agency_key, person_key
from .copying import insert_rows
from .markers import new_markers
from .snapshots import article_fields, article_snapshot, page_snapshot, record_imported_text


def source_name(item: PageInput) -> str:
    return os.path.basename(item.source.path)[:255]


def fill_page(page: Page, item: PageInput, now) -> None:
    """Copy the page-level facts, the untouched source and the import record onto the page (unsaved)."""
    parsed = item.parsed
    page.name = parsed.name or ""
    page.credits = [c.to_json() for c in parsed.credits]
    page.teasers = [t.to_json() for t in parsed.teasers]  # the file's reading; editors do not edit it
    page.source_name = source_name(item)
    page.source_text = item.source.text
    page.source_sha256 = item.source.sha256
    page.source_encoding = item.source.encoding
    page.imported_at = now
    page.imported_snapshot = page_snapshot(parsed)


def contributor_keys(parsed_articles) -> set:
    keys = set()
    for parsed in parsed_articles:
        keys.add(agency_key(parsed.agency))
        keys.update(person_key(p.name) for p in parsed.bylines)
    keys.discard(None)
    return keys


def create_pages(
    issue: Issue, items: list[PageInput], registry: ContributorRegistry, user
) -> list[PageResult]:
    """Create pages new to the issue with all their articles, in a fixed number of queries."""
    return create_pages_of_issues([(issue, item) for item in items], registry, user)


def create_pages_of_issues(
    entries: list[tuple[Issue, PageInput]], registry: ContributorRegistry, user
) -> list[PageResult]:
    """Create new pages of one or many issues with all their articles: one statement per table."""
    if not entries:
        return []
    now = timezone.now()
    pages = []
    for issue, item in entries:
        page = Page(issue=issue, prefix=item.key.prefix, number=item.key.number)
        fill_page(page, item, now)
        pages.append(page)
    insert_rows(Page, pages)
    planned = [
        (page, order, parsed, prepared)
        for page, (_, item) in zip(pages, entries, strict=True)
        for order, (parsed, prepared) in enumerate(zip(item.parsed.articles, item.prepared(), strict=True), 1)
    ]
    bylines = create_articles(planned, registry, user)
    results = []
    for page, (_, item) in zip(pages, entries, strict=True):
        articles = item.parsed.articles
        results.append(
            PageResult(
                item.key,
                page.source_name,
                "imported",
                articles=len(articles),
                bylines=bylines.get(page.pk, 0),
                repairs=sum(len(a.repairs) for a in articles),
                flags=sum(len(a.flags) for a in articles),
            )
        )
    return results


def build_article(
    page: Page, order: int, parsed: ParsedArticle, registry, prepared=None, user=None
) -> Article:
    """An unsaved article with its compact import record.

    ``prepared``: its fields and snapshot when a parser process worked them out already; ``user``: the
    importing user, named on the first revision that is written when the article first changes.
    """
    fields, snapshot = prepared or (None, None)
    fields = fields or article_fields(parsed)
    article = Article(issue_id=page.issue_id, page=page, order=order, **fields)
    article.agency_id = registry.id(agency_key(parsed.agency))
    article.imported_snapshot = snapshot or article_snapshot(parsed, fields)
    record_imported_text(article, parsed, page.source_text)
    if user is not None:
        article.imported_snapshot[IMPORTED_BY_KEY] = user.pk
    return article


def create_articles(planned: list[tuple], registry: ContributorRegistry, user) -> dict[int, int]:
    """Create articles with their bylines and markers; return bylines per page id.

    ``planned`` holds (page, order, parsed article) or (page, order, parsed article, (fields, snapshot)).
    No history rows: an article's own row is its first version until it changes.
    """
    if not planned:
        return {}
    registry.resolve(contributor_keys(plan[2] for plan in planned))
    articles = [
        build_article(*plan[:3], registry, plan[3] if len(plan) > 3 else None, user) for plan in planned
    ]
    insert_rows(Article, articles)
    bylines, markers, per_page = [], [], {}
    for article, (page, _, parsed, *_) in zip(articles, planned, strict=True):
        rows = byline_rows(article.pk, parsed, registry)
        bylines.extend(rows)
        per_page[page.pk] = per_page.get(page.pk, 0) + len(rows)
        markers.extend(new_markers(article.pk, parsed))
    insert_rows(Byline, bylines)

    insert_rows(ContinuationMarker, markers)
    return per_page


def byline_rows(article_id: int, parsed: ParsedArticle, registry: ContributorRegistry) -> list[Byline]:
    """Credit each person once per role, in printed order."""
    rows, seen = [], set()
    for person in parsed.bylines:
        key = person_key(person.name)
        if key is None:
            continue
        contributor_id = registry.id(key)
        if (contributor_id, person.role) in seen:
            continue
        seen.add((contributor_id, person.role))
        rows.append(
            Byline(
                article_id=article_id, contributor_id=contributor_id, role=person.role, order=len(rows) + 1
            )
        )
    return rows
