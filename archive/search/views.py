"""The public search page and its JSON twin; both only show published articles (run_search's default)."""

from django.http import JsonResponse
from django.shortcuts import render

from .filters import SORT_CHOICES
from .service import run_search

FACET_TITLES = [
    ("publication", "报纸"),
    ("year", "年份"),
    ("page", "版次"),
    ("tag", "标签"),
    ("contributor", "作者"),
]


def facet_groups(params, facets: dict) -> list[dict]:
    """Facets as link groups: each value links to the current search narrowed to it, from page 1."""
    groups = []
    for name, title in FACET_TITLES:
        links = []
        for value in facets.get(name, []):
            query = params.copy()
            query[name] = value["value"]
            query.pop("p", None)
            links.append(
                {**value, "href": "?" + query.urlencode(), "active": params.get(name) == str(value["value"])}
            )
        if links:
            groups.append({"title": title, "links": links})
    return groups


def search_page(request):
    outcome = run_search(request.GET) if "q" in request.GET else None
    context = {
        "outcome": outcome,
        "q": request.GET.get("q", ""),
        "sort_choices": SORT_CHOICES,
        "facet_groups": facet_groups(request.GET, outcome.facets) if outcome else [],
    }
    return render(request, "archive/search.html", context)


def search_api(request):
    outcome = run_search(request.GET)
    return JsonResponse(
        outcome.as_json(), status=400 if outcome.error else 200, json_dumps_params={"ensure_ascii": False}
    )
