"""Shared set-up for the desk-edit tests: one imported article with history, and editors."""

import datetime as dt

from django.contrib.auth.models import Permission

from archive.models import Article, Byline, ContinuationMarker, Contributor, Issue, Page, Publication
from editorial import workflow
from editorial.models import ArticleFlag

BODY = [
    {"kind": "paragraph", "text": "本报讯(记者 单 瑞)4月25日，委员们走进社区。"},
    {"kind": "subhead", "text": "一、总体要求"},
    {"kind": "paragraph", "text": "绝不不仅是一句口号。"},
    {"kind": "caption", "text": "图为活动现场。"},
]


def make_article(headline="致敬环卫劳动者", number=1, date=dt.date(2026, 4, 27)) -> Article:
    """An article as the importer leaves it: imported snapshot and a first history record."""
    pub, _ = Publication.objects.get_or_create(slug="moumou", defaults={"name": "某某报"})
    issue, _ = Issue.objects.get_or_create(publication=pub, date=date, defaults={"number": 1})
    page, _ = Page.objects.get_or_create(issue=issue, number=number, defaults={"name": "要闻"})
    article = Article(
        issue=issue,
        page=page,
        order=page.articles.count() + 1,
        kicker="引题",
        headline=headline,
        subtitle="——副题",
        body=[dict(b) for b in BODY],
        flags=[{"kind": "doubled_char", "text": "绝不不仅"}],
        repairs=[{"kind": "column_break", "before": "综合服", "after": "务"}],
        imported_text="原文",
    )
    article.imported_snapshot = article.snapshot()
    article._change_reason = "导入"
    article.save()
    ArticleFlag.objects.sync_for([article])  # the importer keeps each flag as a row editors resolve
    person, _ = Contributor.objects.get_or_create(name="单瑞")
    Byline.objects.create(article=article, contributor=person, role="记者")
    ContinuationMarker.objects.create(article=article, kind="jump", text="(下转02版)", page_number=2)
    return article


def publish(issue) -> None:
    workflow.send_to_review(issue)
    workflow.publish(issue, override_reason="测试：直接发布")


def make_user(django_user_model, username, *, superuser=False, perms=()):
    """A staff user; ``perms`` are codenames of the archive app (e.g. change_article)."""
    if superuser:
        return django_user_model.objects.create_superuser(username, f"{username}@example.org", "pw")
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="archive", codename__in=perms)
    )
    return user
