"""The small published archive the public-side tests share: a continued piece, a dispatch, and hidden material."""

import datetime as dt

import pytest
from django.utils import timezone

from archive.models import (
    Article,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Issue,
    Page,
    Publication,
    Status,
    Tag,
)

AUTO = ContinuationLink.Status.AUTO


def join(first, second, status=AUTO, order=1, back_order=1):
    """Print a 下转 on the first part and a 上接 on the second and link the pair as one row."""
    jump = ContinuationMarker.objects.create(
        article=first,
        kind="jump",
        text=f"(下转{second.page.label}版)",
        page_number=second.page.number,
        order=order,
    )
    back = ContinuationMarker.objects.create(
        article=second,
        kind="back",
        text=f"(上接{first.page.label}版)",
        page_number=first.page.number,
        order=back_order,
    )
    return ContinuationLink.objects.create(jump=jump, back=back, status=status)


def body(*paragraphs, subhead=None):
    """An article body in the importer's block format."""
    blocks = [{"kind": "paragraph", "text": p} for p in paragraphs]
    if subhead:
        blocks.insert(1, {"kind": "subhead", "text": subhead})
    return blocks


@pytest.fixture
def archive():
    """A published issue with a piece continued from 01版 to 02版, plus unpublished and withdrawn material."""
    pub = Publication.objects.create(name="某某报", slug="moumou")
    issue = Issue.objects.create(
        publication=pub,
        date=dt.date(2026, 4, 27),
        number=1234,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    p1 = Page.objects.create(
        issue=issue, number=1, name="要闻", credits=[{"role": "责任编辑", "name": "王五"}]
    )
    p2 = Page.objects.create(issue=issue, number=2, name="综合")
    reporter = Contributor.objects.create(name="单瑞")
    xinhua = Contributor.objects.create(name="新华社", kind=Contributor.Kind.AGENCY)
    hidden_person = Contributor.objects.create(name="隐身人")

    first = Article.objects.create(
        issue=issue,
        page=p1,
        order=1,
        kicker="委员履职",
        headline="致敬环卫劳动者",
        subtitle="——记某某环卫所",
        body=body("第一部分正文。", "第一部分续。", subhead="一、小标题"),
    )
    Byline.objects.create(article=first, contributor=reporter, role="记者")
    second = Article.objects.create(
        issue=issue,
        page=p2,
        order=1,
        headline="致敬环卫劳动者",
        body=body("第二部分正文。"),
    )
    join(first, second)
    dispatch = Article.objects.create(
        issue=issue,
        page=p2,
        order=2,
        headline="新华社电讯",
        agency=xinhua,
        dateline_place="北京",
        dateline_date="4月26日",
        body=body("电讯正文。"),
    )
    draft_issue = Issue.objects.create(publication=pub, date=dt.date(2026, 4, 28), status=Status.IMPORTED)
    draft_page = Page.objects.create(issue=draft_issue, number=1, name="要闻")
    draft_article = Article.objects.create(
        issue=draft_issue,
        page=draft_page,
        order=1,
        headline="未发布期次稿件",
        body=body("未发布正文。"),
    )
    Byline.objects.create(article=draft_article, contributor=hidden_person)
    # Another article of the unpublished issue: hidden, even when a published article links to it.
    in_review = Article.objects.create(
        issue=draft_issue,
        page=draft_page,
        order=2,
        headline="审核中稿件",
        body=body("审核中正文。"),
    )
    Byline.objects.create(article=in_review, contributor=hidden_person)
    # Published once, then withdrawn (已撤回): gone for readers again.
    withdrawn_issue = Issue.objects.create(
        publication=pub, date=dt.date(2026, 4, 29), status=Status.WITHDRAWN, published_at=timezone.now()
    )
    withdrawn_page = Page.objects.create(issue=withdrawn_issue, number=1, name="要闻")
    withdrawn_article = Article.objects.create(
        issue=withdrawn_issue, page=withdrawn_page, order=1, headline="已撤回稿件", body=body("撤回正文。")
    )
    Byline.objects.create(article=withdrawn_article, contributor=hidden_person)
    unpublished_pub = Publication.objects.create(name="某某晚报", slug="wanbao")
    Issue.objects.create(publication=unpublished_pub, date=dt.date(2026, 4, 27), status=Status.REVIEW)
    # Subject tags and entities; one tag is only on unpublished work, so readers never see it.
    subject = Tag.objects.create(name="环卫")
    person = Tag.objects.create(name="陈雍", kind=Tag.Kind.PERSON)
    place = Tag.objects.create(name="银川市", kind=Tag.Kind.PLACE)
    hidden_tag = Tag.objects.create(name="隐藏标签")
    for article, tag in ((first, subject), (first, person), (second, person), (dispatch, place)):
        article.tagged.create(tag=tag)
    draft_article.tagged.create(tag=hidden_tag)
    return {
        "pub": pub,
        "subject": subject,
        "person": person,
        "place": place,
        "hidden_tag": hidden_tag,
        "issue": issue,
        "p1": p1,
        "p2": p2,
        "reporter": reporter,
        "xinhua": xinhua,
        "hidden_person": hidden_person,
        "first": first,
        "second": second,
        "dispatch": dispatch,
        "in_review": in_review,
        "draft_issue": draft_issue,
        "draft_page": draft_page,
        "draft_article": draft_article,
        "withdrawn_issue": withdrawn_issue,
        "withdrawn_article": withdrawn_article,
        "unpublished_pub": unpublished_pub,
    }
