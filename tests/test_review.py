"""The issue review page, its actions and the work queues: content, permissions and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article, ContinuationLink, ContinuationMarker, Correction, Issue, Publication
from editorial import repairs
from editorial.importing import import_issue
from editorial.models import ArticleFlag
from editorial.queues import queue_table
from editorial.roles import CHIEF, make_staff
from editorial.textio import decode_page_bytes

pytestmark = pytest.mark.django_db

DATE = dt.date(2026, 4, 27)
PERMS = {
    "link": "archive.decide_continuationlink",
    "repair": "editorial.review_repairs",
    "flag": "editorial.resolve_articleflag",
    "view": "archive.view_issue",
}


def staff(username: str, *perms: str):
    """A staff user holding exactly these permissions (app_label.codename)."""
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    return user


def page(label: str, *lines: str):
    return (int(label), decode_page_bytes("\n".join(lines).encode(), f"{label}.txt"))


def import_sample(sample_dir, date=DATE, slug="moumou") -> Issue:
    from editorial.textio import read_page_file

    publication, _ = Publication.objects.get_or_create(slug=slug, defaults={"name": "某某报"})
    folder = sample_dir / "moumou" / "2026-04-27"
    files = [(int(p.stem), read_page_file(p)) for p in sorted(folder.glob("*.txt"))]
    return import_issue(publication, date, files).issue


def url(name: str, issue: Issue) -> str:
    return reverse(f"editorial_review:{name}", args=[issue.pk])


@pytest.fixture
def issue(sample_dir) -> Issue:
    return import_sample(sample_dir)


@pytest.fixture
def chief(client):
    """A 值班主任: views issues and may decide links, repairs and flags."""
    user = staff("chief", *PERMS.values())
    client.force_login(user)
    return user


def test_review_page_lists_every_marker_repair_and_flag(client, chief, issue):
    html = client.get(url("review", issue)).content.decode()
    markers = ContinuationMarker.objects.filter(article__issue=issue)
    assert markers.count() == 8
    for marker in markers.select_related("article__page"):
        assert marker.text in html
    for article in Article.objects.filter(issue=issue).exclude(repairs=[]):
        for repair in article.repairs:
            assert repair["before"] in html and repair["after"] in html
    flags = ArticleFlag.objects.in_issue(issue)
    assert flags.exists()
    for flag in flags:
        assert flag.text in html
    assert "自动关联" in html and "撤销" in html and "已处理" in html


def test_undo_from_the_review_page_splits_the_paragraph_back(client, chief, issue):
    article = Article.objects.filter(issue=issue).exclude(repairs=[]).first()
    before = article.paragraphs
    response = client.post(url("repair", issue), {"article": article.pk, "index": 0, "op": "undo"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert len(article.paragraphs) == len(before) + 1
    assert article.repairs[0]["state"] == repairs.UNDONE
    assert article.history.first().history_change_reason == "撤销分栏修复"
    assert article.history.first().history_user == chief
    html = client.get(url("review", issue)).content.decode()
    assert "已撤销" in html


def test_resolving_a_flag_records_who_and_empties_the_queue(client, chief, issue):
    flags = list(ArticleFlag.objects.in_issue(issue))
    assert Issue.objects.with_unreviewed_flags().filter(pk=issue.pk).exists()
    for flag in flags:
        assert client.post(url("flag", issue), {"flag": flag.pk, "op": "resolve"}).status_code == 302
    assert {(f.resolved_by, f.is_resolved) for f in ArticleFlag.objects.in_issue(issue)} == {(chief, True)}
    assert not Issue.objects.with_unreviewed_flags().filter(pk=issue.pk).exists()
    assert not Article.objects.with_unreviewed_flags().filter(issue=issue).exists()
    client.post(url("flag", issue), {"flag": flags[0].pk, "op": "reopen"})
    assert list(Article.objects.with_unreviewed_flags()) == [flags[0].article]


def test_reject_from_the_review_page_separates_the_pair_for_readers(client, chief, issue):
    link = ContinuationLink.objects.in_issue(issue).first()
    client.post(url("link", issue), {"link": link.pk, "op": "reject"})
    link.refresh_from_db()
    assert (link.status, link.decided_by) == ("rejected", chief)
    client.post(url("link", issue), {"op": "relink"})
    assert ContinuationLink.objects.active().filter(jump=link.jump).count() == 0


def test_bulk_confirm_from_the_review_page(client, chief, issue):
    links = list(ContinuationLink.objects.in_issue(issue).values_list("pk", flat=True))
    client.post(url("bulk_link", issue), {"op": "confirm", "links": links})
    assert set(ContinuationLink.objects.in_issue(issue).values_list("status", flat=True)) == {"confirmed"}


def test_a_mismatched_manual_link_needs_a_reason(client, chief, issue):
    link = ContinuationLink.objects.in_issue(issue).with_markers().get(jump__text="(下转03版)")
    jump, back = link.jump, link.back
    link.unlink()
    other_back = ContinuationMarker.objects.filter(
        article__issue=issue, kind="back", article__page__number=2
    ).first()
    ContinuationLink.objects.filter(back=other_back).delete()
    response = client.post(
        url("link", issue), {"op": "link", "jump": jump.pk, "back": other_back.pk}, follow=True
    )
    assert "写的是03版" in response.content.decode()
    assert not ContinuationLink.objects.filter(jump=jump).exists()
    client.post(url("link", issue), {"op": "link", "jump": jump.pk, "back": other_back.pk, "reason": "印错"})
    made = ContinuationLink.objects.get(jump=jump)
    assert (made.back, made.status, made.reason, made.decided_by) == (other_back, "confirmed", "印错", chief)
    assert back.pk != other_back.pk


# Permissions: each action needs its own codename


@pytest.mark.parametrize(
    ("action", "data", "perm"),
    [
        ("link", {"op": "relink"}, "link"),
        ("bulk_link", {"op": "confirm"}, "link"),
        ("repair", {"op": "confirm", "index": 0}, "repair"),
        ("flag", {"op": "resolve"}, "flag"),
    ],
)
def test_each_action_needs_its_permission(client, issue, action, data, perm):
    others = [p for key, p in PERMS.items() if key != perm]
    client.force_login(staff("without", *others))
    assert client.post(url(action, issue), data).status_code == 403
    client.force_login(staff("with", PERMS[perm]))
    assert client.post(url(action, issue), data).status_code != 403


def test_review_page_needs_view_permission_and_hides_buttons_from_read_only(client, issue):
    client.force_login(staff("nobody"))
    assert client.get(url("review", issue)).status_code == 403
    client.force_login(staff("reader", PERMS["view"]))
    html = client.get(url("review", issue)).content.decode()
    assert "撤销</button>" not in html and "否决</button>" not in html and "已处理</button>" not in html


def test_anonymous_users_are_sent_to_login(client, issue):
    response = client.get(url("review", issue))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Query counts


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


def test_review_page_queries_do_not_grow_with_the_issue(client, chief, sample_dir):
    small = import_sample(sample_dir)
    publication = small.publication
    lines = ["## 书香沁政协 履职增动能", "", "读书活动注重综合服", "", "务，加强思想引领。(下转09版)"]
    import_issue(
        publication,
        DATE,
        [page(str(n), *[f"{line}{n}" if line.startswith("##") else line for line in lines]) for n in (5, 6)],
    )
    few = count_queries(client, url("review", small))
    import_issue(
        publication,
        DATE,
        [
            page(str(n), *[f"{line}{n}" if line.startswith("##") else line for line in lines])
            for n in (7, 8, 10, 11)
        ],
    )
    assert count_queries(client, url("review", small)) == few == 10


def test_admin_index_shows_the_queues_in_fixed_queries(client, chief, sample_dir):
    first = import_sample(sample_dir)
    few = count_queries(client, reverse("admin:index"))
    import_sample(sample_dir, date=DATE + dt.timedelta(days=1))
    import_sample(sample_dir, date=DATE + dt.timedelta(days=2))
    assert count_queries(client, reverse("admin:index")) == few == 10  # + the errata queue's total
    html = client.get(reverse("admin:index")).content.decode()
    assert "待关联的转版标记" in html and "待核查项" in html
    assert url("review", first) in html


def test_errata_awaiting_approval_are_a_queue(client, sample_dir):
    chief, _ = make_staff("zhiban", CHIEF, "x-pass-9876")
    client.force_login(chief)
    issue = import_sample(sample_dir)
    article = Article.objects.filter(issue=issue).order_by("pk").first()
    Correction.objects.create(article=article, note="特此更正。", printed_text="甲", corrected_text="乙")
    decided = Correction.objects.create(
        article=article, note="已批准", printed_text="丙", corrected_text="丁"
    )
    decided.approve(chief)
    table = queue_table()
    errata = next(q for q in table["queues"] if q["title"] == "待批准的更正")
    assert errata["total"] == 1
    column = [q["title"] for q in table["queues"]].index("待批准的更正")
    (row,) = [i for i in table["issues"] if i.pk == issue.pk]
    assert row.queue_counts[column] == 1
    listed = client.get(errata["url"]).context["cl"].result_list
    assert [c.note for c in listed] == ["特此更正。"]


@pytest.mark.parametrize(
    ("model", "action", "perm", "view"),
    [
        ("continuationlink", "confirm_links", PERMS["link"], "archive.view_continuationlink"),
        ("continuationlink", "reject_links", PERMS["link"], "archive.view_continuationlink"),
        ("articleflag", "resolve_flags", PERMS["flag"], "editorial.view_articleflag"),
    ],
)
def test_bulk_actions_in_the_queues_need_their_permission(client, issue, model, action, perm, view):
    app = "archive" if model == "continuationlink" else "editorial"
    changelist = reverse(f"admin:{app}_{model}_changelist")
    rows = (
        ContinuationLink.objects.in_issue(issue)
        if model == "continuationlink"
        else ArticleFlag.objects.in_issue(issue)
    )
    chosen = list(rows.values_list("pk", flat=True))
    client.force_login(staff("viewer", view))
    response = client.get(changelist)
    assert response.status_code == 200
    offered = response.context["action_form"]  # None when the user may run no action at all
    assert offered is None or action not in dict(offered.fields["action"].choices)
    client.post(changelist, {"action": action, "_selected_action": chosen})
    assert not ContinuationLink.objects.filter(decided_by__isnull=False).exists()
    assert not ArticleFlag.objects.resolved().exists()

    decider = staff("decider", view, perm)
    client.force_login(decider)
    assert client.post(changelist, {"action": action, "_selected_action": chosen}).status_code == 302
    if model == "continuationlink":
        expected = "confirmed" if action == "confirm_links" else "rejected"
        assert {(link.status, link.decided_by) for link in rows} == {(expected, decider)}
    else:
        assert {(flag.resolved_by, flag.is_resolved) for flag in rows} == {(decider, True)}


def test_the_link_admin_form_explains_refusals_in_chinese(client, chief, issue):
    add = reverse("admin:archive_continuationlink_add")
    taken = ContinuationLink.objects.in_issue(issue).with_markers().get(jump__text="(下转03版)")
    other_back = ContinuationMarker.objects.filter(
        article__issue=issue, kind="back", article__page__number=2
    ).first()
    data = {"jump": taken.jump.pk, "back": other_back.pk, "status": "confirmed", "reason": ""}
    html = client.post(add, data).content.decode()
    assert "写的是03版" in html and "请填写说明" in html
    html = client.post(add, {**data, "reason": "印错"}).content.decode()
    assert "这个“下转”标记已经关联了另一部分" in html
    taken.unlink()
    ContinuationLink.objects.filter(back=other_back).delete()
    assert client.post(add, {**data, "reason": "印错"}).status_code == 302
    made = ContinuationLink.objects.get(jump=taken.jump)
    assert (made.back, made.reason, made.decided_by) == (other_back, "印错", chief)
