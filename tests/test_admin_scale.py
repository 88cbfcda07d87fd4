"""Admin changelists at archive scale: no full COUNT, estimated counts on PostgreSQL, index-served order."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Contributor, Issue
from editorial.admin.common import EstimatedCountPaginator, LargeTableAdmin
from tests.test_admin import add_issues

pytestmark = pytest.mark.django_db

LARGE = [
    model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, LargeTableAdmin)
]
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
)


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_the_growing_tables_use_the_large_table_settings():
    assert {m.__name__ for m in LARGE} >= {"Issue", "Page", "Contributor", "Byline", "ContinuationMarker"}
    for model in LARGE:
        model_admin = admin.site._registry[model]
        assert model_admin.show_full_result_count is False
        assert model_admin.paginator is EstimatedCountPaginator


@pytest.mark.parametrize("model", LARGE, ids=lambda m: m.__name__)
def test_one_count_at_most_per_changelist(admin_client, model):
    add_issues(2)
    with CaptureQueriesContext(connection) as ctx:
        assert admin_client.get(changelist(model)).status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"].upper()]
    assert len(counts) <= 1, counts


@postgres_only
def test_an_unfiltered_list_takes_its_count_from_pg_class(admin_client, monkeypatch):
    add_issues(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_contributor")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'archive_contributor'::regclass")
        (estimate,) = cursor.fetchone()
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 1)
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(changelist(Contributor))
    assert response.context["cl"].result_count == estimate == Contributor.objects.count()
    assert not [q for q in ctx.captured_queries if q["sql"].upper().startswith("SELECT COUNT(*)")]
    # Filtered lists are counted for real.
    response = admin_client.get(changelist(Contributor) + "?kind__exact=agency")
    assert response.context["cl"].result_count == 1


def test_estimates_are_not_used_for_small_or_filtered_lists_or_sqlite():
    add_issues(2)
    paginator = EstimatedCountPaginator(Contributor.objects.all(), 100)
    assert paginator.count == Contributor.objects.count()  # small table or SQLite: exact
    filtered = EstimatedCountPaginator(Contributor.objects.filter(kind="agency"), 100)
    assert filtered.estimated_count() is None


@postgres_only
@pytest.mark.parametrize("model", LARGE, ids=lambda m: m.__name__)
def test_changelist_order_is_served_by_an_index(admin_client, model):
    """With sorting and sequential scans priced out, the plan has no Sort: an index can give the order.

    (On a tiny test table the planner would rather sort; this shows that it does not have to.)
    """
    add_issues(2)
    queryset = admin_client.get(changelist(model)).context["cl"].result_list
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = queryset.explain()
    assert "Sort" not in plan, plan


def test_issue_list_filters_on_indexed_columns():
    indexed = {tuple(index.fields) for index in Issue._meta.indexes}
    assert ("status", "-date") in indexed and ("-date", "-id") in indexed


def test_a_deep_page_lists_the_same_rows_as_an_offset_in_the_same_order(monkeypatch):
    add_issues(3)
    rows = Contributor.objects.order_by("-name", "-pk")
    plain = EstimatedCountPaginator(rows, 1)
    expected = [[c.pk for c in plain.page(n).object_list] for n in plain.page_range]
    monkeypatch.setattr(EstimatedCountPaginator, "IDS_FIRST_FROM", 1)  # every page but the first by ids
    paginator = EstimatedCountPaginator(rows, 1)
    with CaptureQueriesContext(connection) as ctx:
        pages = [[c.pk for c in paginator.page(n).object_list] for n in paginator.page_range]
    assert pages == expected and len(expected) > 2
    assert any(" IN (" in q["sql"] for q in ctx.captured_queries)  # the ids-first path ran
