"""The stored article is validated by the model; errata need a 值班主任; constraints speak Chinese."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from archive.models import (
    Article,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Correction,
    Page,
)
from editorial import corrections
from tests.desk_edit_support import BODY, make_article, make_user, publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body", [["只是字符串"], "abc", None, [{"kind": "quote", "text": "x"}], [{"text": "x"}]]
)
def test_model_refuses_bad_bodies(body):
    article = make_article()
    article.body = body
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "body" in error.value.message_dict
    assert all("kind" not in m or "类别" in m for m in error.value.message_dict["body"])


def test_model_accepts_a_valid_body():
    article = make_article()
    article.full_clean()


def test_page_must_belong_to_the_issue():
    article = make_article()
    other = make_article(headline="另一期", date=article.issue.date.replace(day=28))
    article.page = Page.objects.get(pk=other.page_id)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["page"] == ["这个版面不属于所选期次。"]


def test_constraint_errors_are_chinese():
    article = make_article()
    jump = ContinuationMarker.objects.get(article=article)
    back = ContinuationMarker.objects.create(article=article, kind="back", text="(上接01版)", order=2)
    link = ContinuationLink(jump=jump, back=back, status=ContinuationLink.Status.CONFIRMED, reason="试")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    text = " ".join(error.value.messages)
    assert text.count("不能把一篇文章接到它自己") == 1 and "link_" not in text
    duplicate = Article(issue=article.issue, page=article.page, order=article.order, headline="重复")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "本版已有一篇文章排在这个顺序上" in " ".join(error.value.messages)


def test_every_constraint_of_the_article_admin_has_a_chinese_message():
    for model in (Article, Byline, Contributor, ContinuationMarker, ContinuationLink, Correction):
        for constraint in model._meta.constraints:
            message = str(constraint.violation_error_message)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in message), (model.__name__, constraint.name)
            assert "%(name)s" not in message


def test_erratum_needs_a_duty_editor(django_user_model):
    article = make_article()
    correction = Correction.objects.create(
        article=article,
        note="本报4月27日01版“绝不不仅”有误，特此更正。",
        printed_text="绝不不仅",
        corrected_text="绝不仅",
    )
    editor = make_user(django_user_model, "bianji", perms=["change_article"])
    with pytest.raises(PermissionDenied):
        correction.approve(editor)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING
    chief = make_user(django_user_model, "zhuren", perms=["approve_correction"])
    correction.approve(chief)
    correction.refresh_from_db()
    assert (correction.status, correction.approved_by) == (Correction.Status.APPROVED, chief)
    assert correction.approved_at is not None
    with pytest.raises(ValidationError):
        correction.approve(chief)
    assert list(Correction.objects.approved()) == [correction]


@pytest.mark.parametrize(
    ("printed", "outcome"),
    [("不存在的字", "没有找到原刊文字，只发布了更正启事"), ("。", "出现了 3 次，没有自动改正")],
)
def test_erratum_that_cannot_be_applied_is_a_notice_only(django_user_model, printed, outcome):
    article = make_article()
    chief = make_user(django_user_model, "zhuren", perms=["approve_correction"])
    correction = Correction.objects.create(
        article=article, note="特此更正。", printed_text=printed, corrected_text="！"
    )
    assert outcome in corrections.approve(correction, chief)
    article.refresh_from_db()
    assert article.version == 1 and article.body == BODY
    assert Correction.objects.approved().get() == correction


def test_approval_fields_match_status_in_the_database():
    article = make_article()
    correction = Correction(
        article=article, note="说明", printed_text="甲", corrected_text="乙", status="approved"
    )
    with pytest.raises(ValidationError) as error:
        correction.full_clean()
    assert "只有已批准的更正才有批准人和批准时间" in " ".join(error.value.messages)
    same = Correction(article=article, note="说明", printed_text="甲", corrected_text="甲")
    with pytest.raises(ValidationError):
        same.full_clean()


def test_approved_erratum_shows_on_the_public_page(client, django_user_model):
    article = make_article()
    chief = make_user(django_user_model, "zhuren", perms=["approve_correction"])
    pending = Correction.objects.create(
        article=article, note="待批准的说明", printed_text="甲", corrected_text="乙"
    )
    approved = Correction.objects.create(
        article=article,
        note="本报4月27日01版有误，特此更正。",
        printed_text="绝不不仅",
        corrected_text="绝不仅",
    )
    approved.approve(chief)
    assert list(Correction.objects.public()) == []  # the issue is not published yet
    publish(article.issue)
    assert list(Correction.objects.public()) == [approved]
    html = client.get(article.get_absolute_url()).content.decode()
    assert "本报4月27日01版有误，特此更正。" in html
    assert "原刊：<del>绝不不仅</del>" in html and "更正为：<ins>绝不仅</ins>" in html
    assert f'id="correction-{approved.pk}"' in html
    approved.refresh_from_db()
    assert f"{approved.approved_at.astimezone().year}年" in html
    assert pending.note not in html
    assert reverse("archive:article", kwargs={"pk": article.pk}) in approved.get_absolute_url()
