"""Bad input in the admin is a Chinese form error, never a 500; a stale issue form is refused, nothing lost."""

import pytest
from django.urls import reverse

from archive.models import Article, Byline, ContinuationLink, ContinuationMarker, Contributor, Issue, Page
from editorial import workflow
from editorial.roles import CHIEF, make_staff
from tests.test_admin import add_issues, form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_change(client, obj, **changes):
    url = change_url(obj)
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def errors(response) -> str:
    """Every error the change form shows, main form and inlines, as one string."""
    assert response.status_code == 200, "the form was accepted"
    parts = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        parts.append(str(inline.formset.non_form_errors()))
        parts.extend(str(form.errors) for form in inline.formset.forms)
    return " ".join(parts)


def test_a_page_from_another_issue_is_a_form_error(admin_client):
    add_issues(2)
    article = Article.objects.filter(page__number=1).order_by("pk").first()
    elsewhere = Page.objects.exclude(issue=article.issue).first()
    text = errors(post_change(admin_client, article, page=elsewhere.pk))
    assert "这个版面不属于所选期次。" in text
    article.refresh_from_db()
    assert article.page.issue_id == article.issue_id


def test_page_number_zero_and_a_duplicate_page_are_form_errors(admin_client):
    add_issues(1)
    page = Page.objects.get(number=1)
    assert "版次从 1 开始，不能为 0。" in errors(post_change(admin_client, page, number=0))
    assert "叠号只能是" in errors(post_change(admin_client, page, prefix="中"))
    assert "本期已有这个版次的版面。" in errors(post_change(admin_client, page, number=2))


def test_a_duplicate_issue_is_a_form_error(admin_client):
    add_issues(2)
    first, second = Issue.objects.order_by("date")
    text = errors(post_change(admin_client, second, publication=first.publication_id, date="2026-01-01"))
    assert "这份报纸在这一天已经有一期了。" in text


def test_a_link_to_its_own_article_or_marker_is_a_form_error(admin_client):
    add_issues(1)
    jump = ContinuationMarker.objects.get(kind="jump")
    ContinuationLink.objects.all().delete()
    own_back = ContinuationMarker.objects.create(
        article=jump.article, kind="back", text="(上接01版)", page_number=1, order=5
    )
    add = reverse("admin:archive_continuationlink_add")
    data = {"jump": jump.pk, "back": own_back.pk, "status": "confirmed", "reason": "印错"}
    response = admin_client.post(add, data)
    assert response.status_code == 200 and "不能把一篇文章接到它自己。" in errors(response)
    response = admin_client.post(add, {**data, "back": jump.pk})  # a jump line is no back line
    assert "选择一个有效的选项" in errors(response)
    assert not ContinuationLink.objects.exists()


def test_duplicate_bylines_in_the_article_form_are_named_in_chinese(admin_client):
    add_issues(1)
    article = Article.objects.get(page__number=1)
    byline = Byline.objects.get(article=article)
    data = form_data(admin_client.get(change_url(article)))
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-order": "2",
            "bylines-1-role": byline.role,
            "bylines-1-contributor": byline.contributor_id,
            "bylines-1-article": article.pk,
        }
    )
    text = errors(admin_client.post(change_url(article), data))
    assert "作者、身份完全相同" in text and "contributor" not in text


def test_a_duplicate_contributor_is_a_form_error(admin_client):
    Contributor.objects.create(name="新华社", kind=Contributor.Kind.AGENCY)
    response = admin_client.post(
        reverse("admin:archive_contributor_add"), {"name": "新华社", "kind": "agency"}
    )
    assert "已有同名同类别的作者/机构" in errors(response)


def test_a_stale_issue_form_is_refused_naming_who_changed_it(client):
    add_issues(1)
    issue = Issue.objects.get()
    chief, _ = make_staff("zhuren", CHIEF, "x-pass-9876")
    client.force_login(chief)
    stale = form_data(client.get(change_url(issue)))
    fresh = form_data(client.get(change_url(issue)))
    fresh["number"] = 500
    assert client.post(change_url(issue), fresh).status_code == 302

    stale["number"] = 600
    response = client.post(change_url(issue), stale)
    text = errors(response)
    assert "本期已被修改" in text and "zhuren修改" in text
    assert response.context["adminform"].form["number"].value() == "600"  # what was typed stays
    issue.refresh_from_db()
    assert issue.number == 500


def test_a_workflow_step_makes_an_open_issue_form_stale(client):
    add_issues(1)
    issue = Issue.objects.get()
    chief, _ = make_staff("zhuren", CHIEF, "x-pass-9876")
    client.force_login(chief)
    stale = form_data(client.get(change_url(issue)))
    workflow.return_to_review(issue) if issue.status == "published" else workflow.publish(
        issue, override_reason="测"
    )
    stale["number"] = 600
    assert "命令行发布" in errors(client.post(change_url(issue), stale))


def test_page_and_issue_edits_are_on_record_in_chinese(admin_client, admin_user):
    add_issues(1)
    page = Page.objects.get(number=1)
    assert post_change(admin_client, page, name="理论").status_code == 302
    record = page.history.order_by("-history_date").first()
    assert (record.name, record.history_user) == ("理论", admin_user)
    assert not hasattr(record, "source_text")  # the heavy page text is not copied into history
    html = admin_client.get(reverse("admin:archive_page_history", args=[page.pk])).content.decode()
    assert "改动" in html and "版名：" in html and "Changes" not in html and "None" not in html
    issue = page.issue
    assert post_change(admin_client, issue, number=77).status_code == 302
    html = admin_client.get(reverse("admin:archive_issue_history", args=[issue.pk])).content.decode()
    assert "总期号：" in html


def test_reverting_an_issue_edit_keeps_its_status(admin_client):
    add_issues(1)
    issue = Issue.objects.get()
    old = issue.history.order_by("history_date").first()
    assert post_change(admin_client, issue, number=77).status_code == 302
    workflow.publish(issue, override_reason="测")
    url = reverse("admin:archive_issue_simple_history", args=[issue.pk, old.history_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["date"] = str(data["date"])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    issue.refresh_from_db()
    assert (issue.number, issue.status) == (old.number, "published")
