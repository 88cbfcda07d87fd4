"""Facet counts next to the results: how many of the matching articles fall in each value.

Each facet is one GROUP BY over the (filtered) matching set; values are what the filters accept.
The tag facet appears when the tags app's ArticleTag model is installed.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from archive.models import Byline
from archive.parsing.pagelabel import PageLabel

TOP = 10


def article_tag_model():
    """The tags helper's ArticleTag (article, tag) link, when it is installed."""
    try:
        return apps.get_model("archive", "ArticleTag")
    except LookupError:
        return None


def facets(matching: QuerySet) -> dict[str, list[dict]]:
    """{"publication"|"year"|"page"|"contributor"|"tag": [{"value", "label", "count"}]}."""
    plain = matching.order_by()
    ids = plain.values("pk")
    result = {
        "publication": [
            {"value": r["issue__publication__slug"], "label": r["issue__publication__name"], "count": r["n"]}
            for r in plain.values("issue__publication__slug", "issue__publication__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "issue__publication__name")[:TOP]
        ],
        "year": [
            {"value": r["year"], "label": f"{r['year']}年", "count": r["n"]}
            for r in plain.annotate(year=ExtractYear("issue__date"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        ],
        "page": [],
        "contributor": [
            {"value": r["contributor_id"], "label": r["contributor__name"], "count": r["n"]}
            for r in Byline.objects.filter(article__in=ids)
            .values("contributor_id", "contributor__name")
            .annotate(n=Count("article_id", distinct=True))
            .order_by("-n", "contributor__name")[:TOP]
        ],
        "tag": [],
    }
    pages = plain.values("page__prefix", "page__number").annotate(n=Count("pk"))
    for r in sorted(pages, key=lambda r: (r["page__prefix"], r["page__number"])):
        label = PageLabel(r["page__prefix"], r["page__number"])
        result["page"].append({"value": str(label), "label": label.display, "count": r["n"]})
    ArticleTag = article_tag_model()
    if ArticleTag is not None:
        result["tag"] = [
            {"value": r["tag__slug"], "label": r["tag__name"], "count": r["n"]}
            for r in ArticleTag.objects.filter(article__in=ids)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("article_id", distinct=True))
            .order_by("-n", "tag__name")[:TOP]
        ]
    return result
