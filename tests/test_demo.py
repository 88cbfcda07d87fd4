"""The demo command behind bin/serve: sample issue imported, published and linked, one account per role."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from archive.models import Article, ContinuationLink, Issue, Status
from editorial.models import PublicationEvent, TermFrequency, TermSample
from editorial.roles import ROLES

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_imports_publishes_and_creates_the_editor():
    out = run_demo()

    issue = Issue.objects.get(publication__slug="moumou")
    assert issue.status == Status.PUBLISHED
    assert issue.pages.count() == 3
    assert Article.objects.published().count() == Article.objects.count() > 6
    linked = ContinuationLink.objects.filter(status="auto").count()
    assert linked == 4  # the front page's four jumps, three to 02版 and one to 03版
    for username, role in (
        ("editor", "编辑"),
        ("proofreader", "校对"),
        ("chief", "值班主任"),
        ("viewer", "只读"),
    ):
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser and user.check_password("baoku-demo")
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert f"{username}" in out and role in out
    assert set(ROLES) == {"编辑", "校对", "值班主任", "只读"}
    assert "http://127.0.0.1:8000/" in out and "baoku-demo" in out
    # Published through the gate: a review step then a publication, with what the gate found on record.
    actions = list(PublicationEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["send_to_review", "publish"]
    event = PublicationEvent.objects.get(action="publish")
    assert (event.override_reason != "") == bool(event.problems)
    # Tag suggestions work from the first login: the sample's word frequencies are counted.
    assert TermSample.objects.get().articles == Article.objects.count()
    assert TermFrequency.objects.exists() and f"已统计 {Article.objects.count()} 篇文章的词频" in out


def test_demo_refuses_to_run_in_production():
    with override_settings(ENVIRONMENT="production"), pytest.raises(CommandError, match="生产环境"):
        run_demo()
    assert not get_user_model().objects.exists() and not Issue.objects.exists()


def test_demo_can_run_again_without_duplicating_anything():
    run_demo()
    counts = (Issue.objects.count(), Article.objects.count(), get_user_model().objects.count())
    out = run_demo()
    assert (Issue.objects.count(), Article.objects.count(), get_user_model().objects.count()) == counts
    assert TermSample.objects.count() == 1  # recounted, not added to
    assert "跳过导入" in out
