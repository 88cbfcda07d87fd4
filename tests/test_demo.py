"""The demo command behind bin/serve: sample issue imported, published and linked, editor account ready."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from archive.models import Article, ContinuationLink, Issue, Status

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
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.check_password("baoku-demo")
    assert "http://127.0.0.1:8000/" in out and "baoku-demo" in out


def test_demo_can_run_again_without_duplicating_anything():
    run_demo()
    counts = (Issue.objects.count(), Article.objects.count(), get_user_model().objects.count())
    out = run_demo()
    assert (Issue.objects.count(), Article.objects.count(), get_user_model().objects.count()) == counts
    assert "跳过导入" in out
