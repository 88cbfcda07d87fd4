"""Facet counts next to the results: how many of the matching articles fall in each value.

Each facet is one GROUP BY over the (filtered) matching set; values are what the filters accept.
The tag facet appears when the tags app's ArticleTag model is installed.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from django.db.models import Count, QuerySet

from archive.models import Byline
from archive.parsing.pagelabel import PageLabel

TOP = 10


def article_tag_model():
    """The tags helper's ArticleTag (article, tag) link, when it is installed."""
    try:
        return apps.get_model("archive", "ArticleTag")
    except LookupError:
        return None


def facets(matching: QuerySet) -> tuple[int, dict[str, list[dict]]]:
    """(count, {"publication"|"year"|"page"|"contributor"|"tag": [{"value", "label", "count"}]}).

    Count, publication, year and page come from one GROUP BY over (paper, date, page) added up in
    Python; contributors and tags are one GROUP BY each over their link rows.
    """
    plain = matching.order_by()
    ids = plain.values("pk")
    by_paper: Counter = Counter()
    by_year: Counter = Counter()
    by_page: Counter = Counter()
    names: dict[str, str] = {}
    rows = plain.values_list(
        "issue__publication__slug", "issue__publication__name", "issue__date", "page__prefix", "page__number"
    ).annotate(n=Count("pk"))
    for slug, name, date, prefix, number, n in rows:
        names[slug] = name
        by_paper[slug] += n
        by_year[date.year] += n
        by_page[PageLabel(prefix, number)] += n
    result = {
        "publication": [
            {"value": slug, "label": names[slug], "count": n}
            for slug, n in sorted(by_paper.items(), key=lambda kv: (-kv[1], names[kv[0]]))[:TOP]
        ],
        "year": [
            {"value": y, "label": f"{y}年", "count": n} for y, n in sorted(by_year.items(), reverse=True)
        ],
        "page": [{"value": str(p), "label": p.display, "count": n} for p, n in sorted(by_page.items())],
        "contributor": [
            {"value": r["contributor_id"], "label": r["contributor__name"], "count": r["n"]}
            for r in Byline.objects.filter(article__in=ids)
            .values("contributor_id", "contributor__name")
            .annotate(n=Count("article_id", distinct=True))
            .order_by("-n", "contributor__name")[:TOP]
        ],
        "tag": [],
    }
    ArticleTag = article_tag_model()
    if ArticleTag is not None:
        result["tag"] = [
            {"value": r["tag__slug"], "label": r["tag__name"], "count": r["n"]}
            for r in ArticleTag.objects.filter(article__in=ids)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("article_id", distinct=True))
            .order_by("-n", "tag__name")[:TOP]
        ]
    return sum(by_paper.values()), result
