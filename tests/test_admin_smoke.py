"""Every changelist, add and change page opens for every role, in a pinned number of queries.

Each page is opened on a small archive and again after more issues were added around it: the query
count must not move, and must stay at or under the number pinned here for that page.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.vocabulary import load_archive_words
from editorial.admin.common import EstimatedCountPaginator
from editorial.roles import CHIEF, EDITOR, PROOFREADER, READER, make_staff
from tests.test_admin import NOT_ADDED_BY_HAND, add_issues
from tests.test_roles import MATRIX

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
ROLES = [SUPERUSER, EDITOR, PROOFREADER, CHIEF, READER]
MODELS = [model for model in admin.site._registry if model._meta.app_label in {"archive", "editorial"}]

# Most queries any role needs per page (session, user, permissions, the page's own queries).
PINNED = {
    "Publication": {"changelist": 7, "add": 3, "change": 6},
    "Issue": {"changelist": 9, "add": 3, "change": 18},  # + import records inline
    "Page": {"changelist": 7, "add": 3, "change": 10},
    # change: + errata and tag inlines, link rows of the markers, tag suggestions (3), flag rows
    "Article": {"changelist": 7, "add": 5, "change": 25},
    "Contributor": {"changelist": 6, "add": 5, "change": 9},  # + aliases inline and merge record
    "Byline": {"changelist": 7, "add": 5, "change": 9},
    "ContinuationMarker": {"changelist": 8, "add": 5, "change": 9},  # + the link rows of both sides
    "ContinuationLink": {"changelist": 7, "add": 5, "change": 12},
    "Correction": {"changelist": 6, "add": 5, "change": 7},
    "ArticleFlag": {"changelist": 7, "add": 0, "change": 7},
    "ImportRecord": {"changelist": 9, "add": 0, "change": 8},
    "Tag": {"changelist": 6, "add": 5, "change": 7},
    "PublicationEvent": {"changelist": 7, "add": 0, "change": 6},
}


def pinned(model, view) -> int:
    """The pinned count, plus the planner-statistics lookup the estimated paginator makes on PostgreSQL."""
    estimates = isinstance(admin.site._registry[model].get_paginator(None, [], 1), EstimatedCountPaginator)
    return PINNED[model.__name__][view] + (
        view == "changelist" and estimates and connection.vendor == "postgresql"
    )


def login(client, role):
    if role == SUPERUSER:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_superuser("root", password="x-pass-9876")
    else:
        user, _ = make_staff(f"user-{role}", role, "x-pass-9876")
    client.force_login(user)


def page_url(model, view):
    opts = model._meta
    args = [model._default_manager.order_by("pk").first().pk] if view == "change" else []
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def expected_status(role, model, view):
    if view != "add":
        return 200
    if role == SUPERUSER:
        return 403 if model in NOT_ADDED_BY_HAND else 200
    return 200 if role in MATRIX[model][0] else 403


def measure(client, url):
    ContentType.objects.clear_cache()  # a per-process cache, warm or cold depending on test order
    load_archive_words()  # the segmenter's dictionary is read once per process, then kept up to date
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_every_registered_model_is_in_the_pinned_table():
    assert {model.__name__ for model in MODELS} == set(PINNED)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_pages_open_in_pinned_queries(client, role, model):
    add_issues(2)
    login(client, role)
    client.get(reverse("admin:index"))  # the first request after login also writes the session
    views = ("changelist", "add", "change")
    first = {}
    for view in views:
        url = page_url(model, view)
        response, first[view] = measure(client, url)
        assert response.status_code == expected_status(role, model, view), url
        if response.status_code == 200:
            html = response.content.decode()
            assert "Historical" not in html and "historical" not in html
    add_issues(3, start=2)
    for view in views:
        url = page_url(model, view)
        response, queries = measure(client, url)
        if response.status_code != 200:
            continue
        assert first[view] == queries, f"{url}: {first[view]} queries with 2 issues, {queries} with 5"
        assert queries <= pinned(model, view), f"{url}: {queries} queries"
