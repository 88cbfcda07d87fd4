"""Public, read-only archive pages; every query starts from a published() queryset so nothing unpublished leaks."""

import datetime as dt
import re

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import (
    Article,
    Byline,
    ContinuationMarker,
    Contributor,
    Issue,
    Page,
    Publication,
    RetiredArticle,
    Status,
    continuation_chain,
)
from .parsing import PageLabel

LINKED = (ContinuationMarker.LinkStatus.AUTO, ContinuationMarker.LinkStatus.CONFIRMED)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_RE = re.compile(r"^([A-Za-z]{0,3})(\d{1,3})$")
# Fields readers never see; deferred so page views do not haul the import record around.
HEAVY_ARTICLE_FIELDS = ("imported_text", "imported_snapshot", "repairs", "flags")


def parse_date(value: str) -> dt.date:
    """Accept only the canonical YYYY-MM-DD form used in our URLs; anything else is a 404."""
    if not DATE_RE.match(value):
        raise Http404("日期格式不对")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("没有这一天") from None


def parse_page_label(value: str) -> tuple[str, int]:
    """Split a printed page label such as 01 or A3 into section prefix and number."""
    label = PageLabel.parse(value) if PAGE_RE.match(value) else None
    if label is None:
        raise Http404("没有这个版面")
    return label.prefix, label.number


def bylines_prefetch():
    """Bylines in print order with their contributors, fetched in one query for many articles."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("contributor").order_by("order"))


def markers_prefetch():
    """Markers with the published article they are linked to, in one query for many articles."""
    return Prefetch(
        "markers",
        queryset=ContinuationMarker.objects.select_related(
            "linked_article__issue", "linked_article__page__issue__publication"
        )
        .defer(
            *(f"linked_article__{name}" for name in HEAVY_ARTICLE_FIELDS), "linked_article__page__source_text"
        )
        .order_by("order"),
    )


def public_target(marker):
    """The article a marker leads readers to, or None when it is unlinked, unsure or unpublished."""
    target = marker.linked_article
    if marker.link_status not in LINKED or target is None:
        return None
    if target.status != Status.PUBLISHED or target.issue.status != Status.PUBLISHED:
        return None
    return target


def home(request):
    """The front door: which papers are here and the newest published issues."""
    publications = (
        Publication.objects.filter(
            Exists(Issue.objects.published().filter(publication=OuterRef("pk"))),
        )
        .order_by("name")
        .only("name", "short_name", "slug")
    )
    latest = (
        Issue.objects.published().select_related("publication").order_by("-date", "publication__name")[:20]
    )
    return render(request, "archive/home.html", {"publications": publications, "latest_issues": latest})


def publication_detail(request, slug):
    """One paper's published issues, newest first; a paper with nothing published does not exist for readers."""
    publication = get_object_or_404(Publication, slug=slug)
    issues = list(
        Issue.objects.published()
        .filter(publication=publication)
        .order_by("-date")
        .only("date", "number", "publication_id")
    )
    if not issues:
        raise Http404("这份报纸还没有发布的期次")
    return render(request, "archive/publication.html", {"publication": publication, "issues": issues})


def issue_detail(request, slug, date):
    """The issue's table of contents: its pages in print order with their articles' headlines."""
    issue = get_object_or_404(
        Issue.objects.published().select_related("publication"), publication__slug=slug, date=parse_date(date)
    )
    articles = (
        Article.objects.published()
        .order_by("order")
        .only("page_id", "order", "section", "kicker", "headline", "subtitle")
    )
    pages = Page.objects.published().filter(issue=issue).order_by("prefix", "number").defer("source_text")
    links = (
        ContinuationMarker.objects.filter(
            link_status__in=LINKED, linked_article__in=Article.objects.published()
        )
        .select_related("linked_article__page")
        .only("article_id", "kind", "order", "linked_article__page__prefix", "linked_article__page__number")
        .order_by("order")
    )
    pages = pages.prefetch_related(
        Prefetch("articles", queryset=articles),
        Prefetch("articles__markers", queryset=links, to_attr="public_markers"),
    )
    return render(
        request, "archive/issue.html", {"issue": issue, "publication": issue.publication, "pages": pages}
    )


def page_detail(request, slug, date, page):
    """One printed page in full: name, credits and every article with its body and jump lines."""
    prefix, number = parse_page_label(page)
    page_obj = get_object_or_404(
        Page.objects.published().select_related("issue__publication").defer("source_text"),
        issue__publication__slug=slug,
        issue__date=parse_date(date),
        prefix=prefix,
        number=number,
    )
    if page != page_obj.label:
        return redirect(page_obj, permanent=True)
    articles = list(
        Article.objects.published()
        .filter(page=page_obj)
        .select_related("agency")
        .defer(*HEAVY_ARTICLE_FIELDS)
        .prefetch_related(bylines_prefetch(), markers_prefetch())
        .order_by("order")
    )
    for article in articles:
        for marker in article.markers.all():
            marker.target = public_target(marker)
    siblings = list(
        Page.objects.filter(issue=page_obj.issue).order_by("prefix", "number").only("prefix", "number")
    )
    index = next(i for i, p in enumerate(siblings) if p.pk == page_obj.pk)
    context = {
        "page": page_obj,
        "issue": page_obj.issue,
        "publication": page_obj.issue.publication,
        "articles": articles,
        "siblings": siblings,
        "previous_page": siblings[index - 1] if index > 0 else None,
        "next_page": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render(request, "archive/page.html", context)


def article_detail(request, pk):
    """A whole article in one place: all its printed parts, with where each part was printed."""
    article = Article.objects.published().only("pk", "issue_id").filter(pk=pk).first()
    if article is None:
        return retired_article(request, pk)
    chain = continuation_chain(article, within=Article.objects.published())
    parts_by_id = (
        Article.objects.published()
        .filter(pk__in=chain)
        .select_related("issue__publication", "page__issue__publication", "agency")
        .defer(*HEAVY_ARTICLE_FIELDS, "page__source_text")
        .prefetch_related(bylines_prefetch())
        .in_bulk()
    )
    parts = [parts_by_id[i] for i in chain if i in parts_by_id]
    for previous, part, following in zip([None, *parts[:-1]], parts, [*parts[1:], None], strict=True):
        part.previous_part, part.next_part = previous, following
    lead = parts[0]
    credits, seen = [], set()
    for part in parts:
        for byline in part.bylines.all():
            if (byline.contributor_id, byline.role) not in seen:
                seen.add((byline.contributor_id, byline.role))
                credits.append(byline)
    agency = next((p.agency for p in parts if p.agency_id), None)
    context = {
        "article": lead,
        "requested": parts_by_id[article.pk],
        "parts": parts,
        "bylines": credits,
        "agency": agency,
        "issue": lead.issue,
        "publication": lead.issue.publication,
        "citation": citation(lead, credits),
    }
    return render(request, "archive/article.html", context)


def retired_article(request, pk):
    """A permalink whose article a re-import removed: to its page, or 410 with a note; never a bare 404."""
    retired = (
        RetiredArticle.objects.filter(article_id=pk, issue__in=Issue.objects.published())
        .select_related("issue__publication", "page__issue__publication")
        .first()
    )
    if retired is None:
        raise Http404("没有这篇文章")
    if retired.page_id:
        return redirect(retired.page)
    context = {"retired": retired, "issue": retired.issue, "publication": retired.issue.publication}
    return render(request, "archive/retired.html", context, status=410)


def citation(article, bylines) -> str:
    """The GB/T 7714-2015 reference Chinese readers cite newspaper articles with."""
    authors = ", ".join(dict.fromkeys(b.contributor.name for b in bylines))
    title = " ".join(t for t in (article.headline, article.subtitle.lstrip("—").strip()) if t) or "（无标题）"
    paper = article.issue.publication.name
    head = f"{authors}. " if authors else ""
    return f"{head}{title}[N]. {paper}, {article.issue.date:%Y-%m-%d}({article.page.label})."


def contributor_detail(request, pk):
    """A person's or agency's published articles, newest first; nobody is listed only for unpublished work."""
    contributor = get_object_or_404(Contributor.objects.published(), pk=pk)
    credited = Byline.objects.filter(contributor=contributor).values("article_id")
    articles = (
        Article.objects.published()
        .filter(Q(pk__in=credited) | Q(agency=contributor))
        .select_related("issue__publication", "page__issue__publication")
        .defer("body", *HEAVY_ARTICLE_FIELDS, "page__source_text")
        .order_by("-issue__date", "issue__publication__name", "page__prefix", "page__number", "order")
    )
    return render(request, "archive/contributor.html", {"contributor": contributor, "articles": articles})
