"""Check every value against its column before anything is written.

PostgreSQL raises on an over-long string or an out-of-range smallint and SQLite silently stores
it; checking here gives the same Chinese message, naming the file and line, on both databases.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from archive.models import Article, Byline, ContinuationMarker, Contributor, Page, Publication
from archive.parsing import PageLabel

from ..textio import PageFileError
from .base import PageInput
from .contributors import creditable

# The portable ranges (PostgreSQL's), also applied on SQLite where integers are unbounded.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def column_problem(model: type[models.Model], name: str, value) -> str | None:
    """Say in Chinese why a value does not fit a model's column, or None when it fits."""
    field = model._meta.get_field(name)
    label = field.verbose_name
    if isinstance(value, str):
        limit = field.max_length
        if limit and len(value) > limit:
            return f"{label}共 {len(value)} 个字，超过上限 {limit} 个字：{value[:30]}…"
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{label} {value} 超出范围（{low}–{high}）"
    return None


def check(path: str, line: int | None, model: type[models.Model], name: str, value) -> None:
    """Raise a file-and-line error when a value will not fit its column."""
    problem = column_problem(model, name, value)
    if problem:
        raise PageFileError(path, problem, line)


def validate_page(item: PageInput) -> None:
    """Check one parsed page against every column it will be written to."""
    path, parsed = item.source.path, item.parsed
    prefix, number = item.key.prefix, item.key.number
    check(path, None, Page, "number", number)
    check(path, None, Page, "prefix", prefix)
    check(path, 1, Page, "name", parsed.name or "")
    check(path, None, Article, "order", len(parsed.articles))
    for article, (fields, _) in zip(parsed.articles, item.prepared(), strict=True):
        line = article.first_line or 1
        for name, value in fields.items():
            if isinstance(value, str):
                check(path, line, Article, name, value)
        for person in article.bylines:
            check(path, line, Contributor, "name", creditable(person.name))
            check(path, line, Byline, "role", person.role)
        if article.agency:
            check(path, line, Contributor, "name", creditable(article.agency))
        check(path, line, Byline, "order", len(article.bylines))
        check(path, article.last_line or line, ContinuationMarker, "order", len(article.markers))
        for marker in article.markers:
            check(path, article.last_line or line, ContinuationMarker, "text", marker.text)
            label = PageLabel.parse(marker.page)
            if label is not None:
                marker_prefix, marker_number = label.prefix, label.number
                check(path, article.last_line or line, ContinuationMarker, "page_number", marker_number)
                check(path, article.last_line or line, ContinuationMarker, "page_prefix", marker_prefix)


def publication_problem(slug: str, name: str) -> str | None:
    """Say why a new publication's slug or name does not fit its columns, or None."""
    return column_problem(Publication, "slug", slug) or column_problem(Publication, "name", name)
