"""The newsroom admin: every model opens, changelists do not grow queries with rows, publishing works."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.models import (
    Article,
    ArticleTag,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Correction,
    Issue,
    Page,
    Publication,
    Status,
    Tag,
)
from editorial.admin.common import EstimatedCountPaginator
from editorial.models import ArticleFlag, ImportRecord, PublicationEvent
from editorial.workflow import send_to_review

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [model for model in admin.site._registry if model._meta.app_label in {"archive", "editorial"}]

# Queries for one changelist page, whatever the number of rows: session, user, counts, rows, filters.
CHANGELIST_QUERIES = {
    Publication: 5,
    Issue: 8,
    Page: 6,
    Contributor: 5,
    Article: 5,
    Byline: 5,
    PublicationEvent: 5,
    Correction: 5,
    ContinuationMarker: 6,
    ContinuationLink: 5,
    ArticleFlag: 5,  # + the papers offered by the list filter (kinds come from the label table)
    ImportRecord: 7,  # + the date hierarchy's years and the papers filter
    Tag: 5,
}
# Records only the importer or the workflow actions write: the admin shows them but refuses to add them by hand.
NOT_ADDED_BY_HAND = {ArticleFlag, ImportRecord, PublicationEvent}


def add_issues(count, start=0):
    """Issues with two pages, a continued piece, bylines, flags and an agency, so every model has rows."""
    agency, _ = Contributor.objects.get_or_create(name="新华社", kind=Contributor.Kind.AGENCY)
    for i in range(start, start + count):
        pub = Publication.objects.create(name=f"某某报{i}", slug=f"moumou{i}")
        issue = Issue.objects.create(
            publication=pub, date=dt.date(2026, 1, 1) + dt.timedelta(days=i), number=i + 1
        )
        p1 = Page.objects.create(
            issue=issue, number=1, name="要闻", credits=[{"role": "责任编辑", "name": "王五"}]
        )
        p2 = Page.objects.create(issue=issue, number=2, name="综合")
        person = Contributor.objects.create(name=f"记者{i}")
        first = Article.objects.create(
            issue=issue,
            page=p1,
            order=1,
            headline=f"头条{i}",
            body=[{"kind": "paragraph", "text": "正文"}],
            flags=[{"kind": "mixed_columns", "text": "可疑"}] if i % 2 else [],
            repairs=[{"kind": "column_break", "before": "综合服", "after": "务"}],
            imported_text="原文",
            agency=agency,
        )
        second = Article.objects.create(issue=issue, page=p2, order=1, headline=f"头条{i}（续）")
        Byline.objects.create(article=first, contributor=person, role="记者")
        jump = ContinuationMarker.objects.create(article=first, kind="jump", text="(下转02版)", page_number=2)
        ContinuationMarker.objects.create(article=second, kind="back", text="(上接01版)", page_number=1)
        send_to_review(issue)
        Correction.objects.create(
            article=first, note="特此更正。", printed_text="正文", corrected_text="正文。"
        )
        if i % 2 == 0:
            ContinuationMarker.objects.create(
                article=second, kind="back", text="(上接01版)", page_number=1, order=2
            )
        ContinuationLink.objects.create(
            jump=jump, back=second.markers.first(), status=ContinuationLink.Status.AUTO
        )
        ArticleFlag.objects.sync_for([first])
        ImportRecord.objects.create(issue=issue, source="command", files=[{"name": "01.txt", "page": "01"}])
        ArticleTag.objects.create(article=first, tag=Tag.objects.create(name=f"主题{i}"))


def open_the_gate(issues):
    """Resolve the issues' flags and drop their unlinked markers, so nothing stops their publication."""
    ArticleFlag.objects.filter(article__issue__in=issues).update(resolved_at=timezone.now())
    ContinuationMarker.objects.filter(article__issue__in=issues).unlinked().delete()


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_archive_model_is_registered():
    assert set(CHANGELIST_QUERIES) <= set(ADMIN_MODELS)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model, django_assert_max_num_queries):
    url = changelist_url(model)
    add_issues(2)
    few = count_queries(admin_client, url)
    add_issues(4, start=2)
    many = count_queries(admin_client, url)
    assert few == many
    # On PostgreSQL the growing tables' paginator also reads the planner's row estimate.
    estimates = getattr(admin.site._registry[model], "paginator", None) is EstimatedCountPaginator
    with django_assert_max_num_queries(
        CHANGELIST_QUERIES[model] + (estimates and connection.vendor == "postgresql")
    ):
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 2


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_add_and_change_pages_open(admin_client, model):
    add_issues(2)
    opts = model._meta
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (403 if model in NOT_ADDED_BY_HAND else 200)
    obj = model._default_manager.order_by("pk").first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["original"] == obj


def test_article_change_and_history_pages(admin_client):
    add_issues(1)
    article = Article.objects.get(page__number=1)
    response = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()
    assert "综合服 · 务" in html  # repairs shown read-only, readable
    assert "(下转02版)" in html
    response = admin_client.get(reverse("admin:archive_article_history", args=[article.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [
        ("back", "02版", {"02版 · 头条0（续）(上接01版)"}),
        ("back", "2", {"02版 · 头条0（续）(上接01版)"}),
        ("jump", "头条0", {"01版 · 头条0(下转02版)"}),
        ("back", "头条0", {"02版 · 头条0（续）(上接01版)"}),
        ("jump", "02版", set()),
    ],
)
def test_link_picker_searches_page_or_headline(admin_client, field, term, expected):
    add_issues(1)
    url = reverse("admin:autocomplete")
    params = {"app_label": "archive", "model_name": "continuationlink", "field_name": field, "term": term}
    response = admin_client.get(url, params)
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flagged=yes", {"头条1"}),
        ("flagged=no", {"头条0", "头条0（续）", "头条1（续）"}),
        ("unlinked=yes", {"头条0（续）"}),
    ],
)
def test_article_work_queue_filters(admin_client, query, expected):
    add_issues(2)
    response = admin_client.get(f"{changelist_url(Article)}?{query}")
    assert {a.headline for a in response.context["cl"].result_list} == expected


def test_publish_action_asks_first_then_publishes_through_the_gate(admin_client, admin_user):
    add_issues(3)
    chosen = list(Issue.objects.order_by("date")[:2])
    open_the_gate(chosen)
    url = changelist_url(Issue)
    data = {"action": "publish_issues", "_selected_action": [i.pk for i in chosen]}
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the confirmation page; nothing changed yet
    assert "确认发布" in response.content.decode()
    assert not Issue.objects.published().exists()

    assert admin_client.post(url, {**data, "confirm": "yes"}).status_code == 302
    for issue in chosen:
        issue.refresh_from_db()
        assert issue.status == Status.PUBLISHED and issue.published_at is not None
    assert Issue.objects.order_by("date").last().status == Status.REVIEW
    assert Article.objects.published().count() == 4
    event = PublicationEvent.objects.get(issue=chosen[0], action="publish")
    assert (event.user, event.from_status, event.to_status) == (admin_user, "review", "published")

    data = {"action": "return_issues_to_review", "_selected_action": [chosen[0].pk], "confirm": "yes"}
    assert admin_client.post(url, data).status_code == 302
    chosen[0].refresh_from_db()
    assert chosen[0].status == Status.REVIEW and chosen[0].published_at is not None
    assert Article.objects.published().count() == 2


def form_data(response):
    """The POST data an unchanged admin change form would send, inline management forms included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = (
                    field.widget.format_value(value) if hasattr(value, "isoformat") else value
                )
    return data


def test_status_is_not_editable_in_the_issue_form(admin_client):
    add_issues(1)
    issue = Issue.objects.get()
    url = reverse("admin:archive_issue_change", args=[issue.pk])
    response = admin_client.get(url)
    assert "status" not in response.context["adminform"].form.fields
    data = form_data(response)
    data["status"] = Status.PUBLISHED
    data["number"] = 99
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    issue.refresh_from_db()
    assert (issue.status, issue.number, issue.version) == (Status.REVIEW, 99, 3)
    assert issue.history.first().history_type == "~"
