"""One search as the page and the API run it: parse, filter, rank, page, highlight, count facets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Prefetch, QuerySet

from archive.models import Article, Byline

from .backends import tune_connection
from .documents import printed_body
from .engine import ORDERINGS, filter_matching, ranked, with_head_score
from .facets import facets
from .filters import SearchFilter
from .highlight import highlight, snippet
from .query import ParsedQuery, QueryError, parse_query

PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 results deep; refine the query or filters beyond that


@dataclass
class Hit:
    article: Article
    headline: str
    snippet: str

    def as_json(self) -> dict:
        a = self.article
        return {
            "id": a.pk,
            "url": a.get_absolute_url(),
            "headline": a.headline,
            "headline_html": str(self.headline),
            "kicker": a.kicker,
            "subtitle": a.subtitle,
            "section": a.section,
            "snippet": str(self.snippet),
            "date": a.issue.date.isoformat(),
            "publication": a.issue.publication.name,
            "page": a.page.label,
            "bylines": [b.contributor.name for b in a.bylines.all()],
        }


@dataclass
class SearchOutcome:
    text: str = ""
    error: str = ""
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    page: int = 1
    num_pages: int = 0
    sort: str = "relevance"
    filterset: SearchFilter | None = None

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    def as_json(self) -> dict:
        data = {
            "query": self.text,
            "count": self.count,
            "page": self.page,
            "num_pages": self.num_pages,
            "sort": self.sort,
            "results": [hit.as_json() for hit in self.hits],
            "facets": self.facets,
        }
        if self.error:
            data["error"] = self.error
        return data


def page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def run_search(params, base: QuerySet | None = None) -> SearchOutcome:
    """Search ``base`` (published articles by default) with the q, filter, sort and page parameters."""
    base = Article.objects.published() if base is None else base
    outcome = SearchOutcome(text=(params.get("q") or "").strip())
    outcome.sort = params.get("sort") if params.get("sort") in ORDERINGS else "relevance"
    outcome.filterset = SearchFilter(params, queryset=base)
    try:
        query = parse_query(outcome.text)
    except QueryError as error:
        outcome.error = error.message
        return outcome
    if not outcome.filterset.is_valid():
        outcome.error = "筛选条件有误：" + "；".join(
            f"{outcome.filterset.form.fields[name].label}：{' '.join(errors)}"
            for name, errors in outcome.filterset.form.errors.items()
        )
        return outcome
    filtered = outcome.filterset.qs
    tune_connection(connections[filtered.db])
    matching = filter_matching(filtered, query)
    # One statement: count, facets and the ids of the page shown, the match evaluated once.
    outcome.page = page_number(params.get("p"))
    offset = (outcome.page - 1) * PAGE_SIZE
    scored = with_head_score(matching, query, outcome.sort)
    outcome.count, outcome.facets, ids = facets(scored, outcome.sort, offset, PAGE_SIZE)
    outcome.num_pages = (outcome.count + PAGE_SIZE - 1) // PAGE_SIZE
    if outcome.page > max(outcome.num_pages, 1):  # past the end: show the last page
        outcome.page = max(outcome.num_pages, 1)
        offset = (outcome.page - 1) * PAGE_SIZE
        ids = list(
            ranked(filtered, query, outcome.sort).values_list("pk", flat=True)[offset : offset + PAGE_SIZE]
        )
    shown = (
        Article.objects.filter(pk__in=ids)
        .select_related("issue__publication", "page")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("contributor")))
        .defer("stored_imported_text", "imported_snapshot", "repairs", "flags")
        .in_bulk()
        if ids
        else {}
    )
    outcome.hits = [make_hit(shown[pk], query) for pk in ids]
    return outcome


def make_hit(article: Article, query: ParsedQuery) -> Hit:
    return Hit(
        article=article,
        headline=highlight(article.headline or "（无标题）", query.terms),
        snippet=snippet(printed_body(article.body), query.terms),
    )
