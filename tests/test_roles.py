"""The permission matrix: every role × every admin page and workflow action, allowed or refused.

The expectations are written out here by hand, not derived from editorial/roles.py, so a change to
the role table that widens or narrows a role shows up as a failing cell.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from archive.models import (
    Article,
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
from editorial.models import ArticleFlag, ImportRecord, PublicationEvent
from editorial.roles import CHIEF, EDITOR, PROOFREADER, READER, ROLES, make_staff, sync_roles
from tests.test_admin import add_issues, form_data, open_the_gate

pytestmark = pytest.mark.django_db

ALL = {EDITOR, PROOFREADER, CHIEF, READER}
WRITERS = {EDITOR, CHIEF}
# model -> (who may add, who may change, who may delete); everyone in a role may view everything.
MATRIX = {
    Publication: (set(), set(), set()),
    Issue: (set(), {CHIEF}, set()),
    Page: (set(), WRITERS, set()),
    Article: (WRITERS, WRITERS | {PROOFREADER}, WRITERS),
    Contributor: (WRITERS, WRITERS, set()),
    Byline: (WRITERS, WRITERS, WRITERS),
    ContinuationMarker: (WRITERS, WRITERS, WRITERS),
    PublicationEvent: (set(), set(), set()),
    ContinuationLink: (WRITERS, WRITERS, WRITERS),  # archive.decide_continuationlink
    Correction: (WRITERS, WRITERS, set()),  # approving is the chief's action, see test_corrections_*
    ArticleFlag: (set(), set(), set()),  # written by the importer; resolved by an action
    ImportRecord: (set(), set(), set()),  # written by the importer, kept as reported
    Tag: (WRITERS, WRITERS, set()),
}
MODELS = list(MATRIX)
ACTIONS = {
    "send_issues_to_review": WRITERS,
    "publish_issues": {CHIEF},
    "withdraw_issues": {CHIEF},
    "return_issues_to_review": {CHIEF},
}


@pytest.fixture
def staff(client):
    """Log a fresh user of a role in and return the client."""

    def login(role):
        user, _ = make_staff(f"user-{role}", role, "x-pass-9876")
        client.force_login(user)
        return client

    return login


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_the_matrix_covers_every_registered_admin_model():
    registered = {m for m in admin.site._registry if m._meta.app_label in {"archive", "editorial"}}
    assert registered == set(MATRIX)


def test_the_four_roles_exist_after_migrate():
    assert set(Group.objects.filter(name__in=list(ROLES)).values_list("name", flat=True)) == ALL
    assert Group.objects.get(name=CHIEF).permissions.filter(codename="publish_issue").exists()
    assert not Group.objects.get(name=EDITOR).permissions.filter(codename="publish_issue").exists()


def test_sync_roles_is_repeatable_and_tolerates_missing_permissions(monkeypatch):
    before = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    monkeypatch.setitem(ROLES, READER, [*ROLES[READER], "archive.view_nosuchmodel"])
    missing = sync_roles()
    assert "archive.view_nosuchmodel" in missing
    call_command("sync_roles", verbosity=0, stdout=__import__("io").StringIO())
    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert after == before


def test_sync_roles_takes_away_what_the_table_no_longer_grants():
    editors = Group.objects.get(name=EDITOR)
    editors.permissions.add(*Group.objects.get(name=CHIEF).permissions.all())
    sync_roles()
    assert not editors.permissions.filter(codename="publish_issue").exists()


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_role_on_every_admin_page(staff, role, model):
    add_issues(2)  # the second issue's article carries a flag
    client = staff(role)
    may_add, may_change, may_delete = MATRIX[model]
    obj = model._default_manager.order_by("pk").first()

    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "add")).status_code == (200 if role in may_add else 403)
    response = client.get(url(model, "change", obj.pk))
    assert response.status_code == 200  # everyone views; the form is read-only without change
    assert response.context["has_change_permission"] == (role in may_change)
    assert client.get(url(model, "delete", obj.pk)).status_code == (200 if role in may_delete else 403)


@pytest.mark.parametrize("role", sorted(ALL))
def test_a_role_without_change_cannot_post_a_change(staff, role):
    add_issues(1)
    article = Article.objects.order_by("pk").first()
    client = staff(role)
    response = client.post(url(Article, "change", article.pk), {"headline": "改过"})
    if role in MATRIX[Article][1]:
        assert response.status_code in (200, 302)  # allowed: a form (with errors for missing fields)
    else:
        assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "改过"


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role_on_every_workflow_action(staff, role, action):
    add_issues(1)
    issue = Issue.objects.get()
    start = Status.IMPORTED if action == "send_issues_to_review" else Status.PUBLISHED
    if action == "publish_issues":
        start = Status.REVIEW
        open_the_gate([issue])
    Issue.objects.filter(pk=issue.pk).update(status=start)
    client = staff(role)
    events = PublicationEvent.objects.count()
    form = client.get(url(Issue, "changelist")).context["action_form"]
    offered = {name for name, _ in form.fields["action"].choices} if form else set()
    allowed = role in ACTIONS[action]
    assert (action in offered) == allowed

    data = {"action": action, "_selected_action": [issue.pk], "confirm": "yes"}
    response = client.post(url(Issue, "changelist"), data)
    assert response.status_code in ((302,) if offered else (200, 302))  # no actions at all: list again
    issue.refresh_from_db()
    assert (issue.status != start) == allowed
    assert PublicationEvent.objects.count() == events + allowed


def test_only_a_chief_is_offered_the_override_and_it_is_recorded(staff):
    add_issues(1)  # the continued piece's back line is unlinked: the gate is closed
    issue = Issue.objects.get()
    client = staff(CHIEF)
    data = {"action": "publish_issues", "_selected_action": [issue.pk]}
    page = client.post(url(Issue, "changelist"), data).content.decode()
    assert "有 1 个转版标记尚未关联" in page and 'name="override_reason"' in page

    client.post(url(Issue, "changelist"), {**data, "confirm": "yes"})
    issue.refresh_from_db()
    assert issue.status == Status.REVIEW  # no reason, no publication

    client.post(url(Issue, "changelist"), {**data, "confirm": "yes", "override_reason": "值班决定"})
    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED
    event = PublicationEvent.objects.get(action="publish")
    assert event.override_reason == "值班决定" and event.user.username == f"user-{CHIEF}"
    change = client.get(url(Issue, "change", issue.pk)).content.decode()
    assert "值班决定" in change and "发布记录" in change


def test_superuser_is_not_limited_by_the_role_table(admin_client):
    add_issues(1)
    assert admin_client.get(url(Publication, "add")).status_code == 200
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_a_proofreader_corrects_the_text_but_cannot_move_or_recredit_an_article(staff):
    add_issues(2)
    article = Article.objects.filter(page__number=1).order_by("pk").first()
    other_page = Page.objects.get(issue=article.issue, number=2)
    page_before = article.page_id
    client = staff(PROOFREADER)
    response = client.get(url(Article, "change", article.pk))
    form = response.context["adminform"].form
    assert {"headline", "body_text", "kicker"} <= set(form.fields)
    assert not {"issue", "page", "order", "agency"} & set(form.fields)
    inlines = {f.opts.model: f for f in response.context["inline_admin_formsets"]}
    for model in (Byline, ContinuationMarker):
        assert not inlines[model].has_add_permission and not inlines[model].has_change_permission
        assert not inlines[model].has_delete_permission

    data = form_data(response)
    data.update(headline="改正后的主题", change_reason="改正错字", page=other_page.pk, order=7)
    data["bylines-0-role"] = "通讯员"
    assert client.post(url(Article, "change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.page_id, article.order) == ("改正后的主题", page_before, 1)
    assert list(article.bylines.values_list("role", flat=True)) == ["记者"]


def test_an_editor_may_move_an_article(staff):
    add_issues(1)
    article = Article.objects.filter(page__number=1).get()
    client = staff(EDITOR)
    response = client.get(url(Article, "change", article.pk))
    assert {"issue", "page", "order", "agency"} <= set(response.context["adminform"].form.fields)
    data = form_data(response)
    data.update(order=7, change_reason="调整顺序")
    assert client.post(url(Article, "change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.order == 7


# Permissions checked outside the add/change/delete pages (review page, queues, errata, import upload).
EXTRA = {
    "editorial.import_pages": WRITERS,
    "archive.decide_continuationlink": WRITERS,
    "editorial.review_repairs": WRITERS | {PROOFREADER},
    "editorial.resolve_articleflag": WRITERS | {PROOFREADER},
    "archive.approve_correction": {CHIEF},
    "archive.add_articletag": WRITERS,
    "archive.view_continuationlink": ALL,
    "editorial.view_importrecord": ALL,
    "editorial.view_articleflag": ALL,
    "archive.view_tagalias": ALL,
    "archive.view_contributoralias": ALL,
}


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("perm", list(EXTRA))
def test_every_role_on_the_review_errata_and_tag_permissions(role, perm):
    user, _ = make_staff(f"perm-{role}", role, "x-pass-9876")
    user = get_user_model().objects.get(pk=user.pk)
    assert user.has_perm(perm) == (role in EXTRA[perm])
