"""Re-importing keeps every article's identity and never silently undoes an editor's work (issue 5 §2)."""

from __future__ import annotations

import pytest

from archive.models import Article, Byline, Contributor, Issue, Page, RetiredArticle, Status
from archive.parsing import Credit, Person
from editorial.importing import ImportRefused, import_parsed
from tests.test_import import DATE, page_input, parsed_article


@pytest.fixture
def publication(db):
    from archive.models import Publication

    return Publication.objects.create(name="某某报", slug="moumou")


def first_import(publication, *articles, **page_kwargs):
    import_parsed(publication, DATE, [page_input(1, list(articles), text="v1", **page_kwargs)])
    return {a.headline: a.pk for a in Article.objects.all()}


def reimport(publication, *articles, replace=False, text="v2", **page_kwargs):
    return import_parsed(
        publication, DATE, [page_input(1, list(articles), text=text, **page_kwargs)], replace=replace
    )


def test_changed_text_updates_the_same_article_as_a_revision(publication):
    ids = first_import(publication, parsed_article("甲", ("旧正文。",)), parsed_article("乙"))
    summary = reimport(publication, parsed_article("甲", ("新正文。",)), parsed_article("乙"))
    article = Article.objects.get(pk=ids["甲"])
    assert article.paragraphs == ["新正文。"] and article.version == 2
    assert article.history.latest().history_change_reason == "重新导入"
    assert {a.headline: a.pk for a in Article.objects.all()} == ids
    assert summary.changes == ["01版 《甲》 更新：正文/标题"]
    assert not article.is_edited


def test_article_moved_down_the_page_keeps_its_id(publication):
    ids = first_import(publication, parsed_article("甲"), parsed_article("乙"))
    reimport(publication, parsed_article("新来的"), parsed_article("甲"), parsed_article("乙"))
    assert list(Article.objects.order_by("order").values_list("headline", "pk"))[1:] == [
        ("甲", ids["甲"]),
        ("乙", ids["乙"]),
    ]


def test_corrected_headline_is_matched_by_text(publication):
    body = ("这是一段足够长的正文，用来按文字相似度找到同一篇文章。",)
    ids = first_import(publication, parsed_article("旧题", body))
    a = parsed_article("新题", body)
    a.source_text = "## 旧题\n" + body[0]
    Article.objects.filter(pk=ids["旧题"]).update(stored_imported_text="## 旧题\n" + body[0])
    reimport(publication, a)
    assert Article.objects.get().pk == ids["旧题"]
    assert Article.objects.get().headline == "新题"


def test_vanished_article_leaves_a_tombstone_and_its_url_redirects_to_the_page(publication, client):
    ids = first_import(publication, parsed_article("甲"), parsed_article("乙"))
    Issue.objects.update(status=Status.PUBLISHED)
    summary = reimport(publication, parsed_article("甲"), replace=True)
    assert "01版 《乙》 原文中已无此文，删除（原网址转到本版）" in summary.changes
    tomb = RetiredArticle.objects.get()
    assert (tomb.article_id, tomb.headline) == (ids["乙"], "乙")
    response = client.get(f"/article/{ids['乙']}/")
    assert response.status_code == 302 and response["Location"] == Page.objects.get().get_absolute_url()
    assert client.get(f"/article/{ids['甲']}/").status_code == 200
    Page.objects.all().delete()
    gone = client.get(f"/article/{ids['乙']}/")
    assert gone.status_code == 410 and "已不在报库中" in gone.content.decode()
    Issue.objects.update(status=Status.WITHDRAWN)  # withdrawn: the tombstone must not say anything either
    assert client.get(f"/article/{ids['乙']}/").status_code == 404


def test_unpublished_tombstone_is_still_a_404(publication, client):
    ids = first_import(publication, parsed_article("甲"), parsed_article("乙"))
    reimport(publication, parsed_article("甲"))
    assert client.get(f"/article/{ids['乙']}/").status_code == 404


def test_replace_on_a_published_issue_keeps_it_published_and_every_url_answering(publication, client):
    ids = first_import(publication, parsed_article("甲", ("旧。",)), parsed_article("乙"))
    Issue.objects.update(status=Status.PUBLISHED)
    with pytest.raises(ImportRefused, match="期次已发布"):
        reimport(publication, parsed_article("甲", ("新。",)), parsed_article("乙"))
    reimport(publication, parsed_article("甲", ("新。",)), parsed_article("乙"), replace=True)
    assert Issue.objects.get().status == Status.PUBLISHED
    for pk in ids.values():
        assert client.get(f"/article/{pk}/").status_code == 200
    assert "新。" in client.get(f"/article/{ids['甲']}/").content.decode()


def test_edited_bylines_are_not_reverted_silently(publication):
    ids = first_import(publication, parsed_article("甲", bylines=[Person("张三", "记者")]))
    Byline.objects.filter(article_id=ids["甲"]).update(
        contributor=Contributor.objects.create(name="张叁", kind="person")
    )
    with pytest.raises(ImportRefused) as info:
        reimport(publication, parsed_article("甲", bylines=[Person("李四", "记者")]))
    assert "《甲》的署名已由编辑修改" in str(info.value)
    # the file did not change the bylines: the editor's stay and the rest is imported
    reimport(publication, parsed_article("甲", ("新正文。",), bylines=[Person("张三", "记者")]))
    article = Article.objects.get()
    assert [b.contributor.name for b in article.bylines.all()] == ["张叁"]
    assert article.paragraphs == ["新正文。"]
    reimport(publication, parsed_article("甲", bylines=[Person("李四", "记者")]), replace=True, text="v3")
    assert [b.contributor.name for b in Article.objects.get().bylines.all()] == ["李四"]


def test_edited_agency_and_dateline_are_editor_work(publication):
    ids = first_import(publication, parsed_article("甲", agency="新华社"))
    agency = Contributor.objects.create(name="中新社", kind="agency")
    Article.objects.filter(pk=ids["甲"]).update(agency=agency, dateline_place="上海")
    with pytest.raises(ImportRefused) as info:
        reimport(publication, parsed_article("甲", ("改。",), agency="人民日报"))
    assert "稿源" in str(info.value) and "正文或标题组" in str(info.value)


def test_edited_page_name_and_credits_are_kept_or_refused(publication):
    first_import(publication, parsed_article("甲"), name="要闻", credits=[Credit("责任编辑", "王五")])
    Page.objects.update(name="要闻·编辑改", credits=[{"role": "责任编辑", "name": "赵六"}])
    reimport(publication, parsed_article("甲", ("新。",)), name="要闻", credits=[Credit("责任编辑", "王五")])
    page = Page.objects.get()
    assert (page.name, page.credits) == ("要闻·编辑改", [{"role": "责任编辑", "name": "赵六"}])
    with pytest.raises(ImportRefused) as info:
        reimport(publication, parsed_article("甲"), name="综合", text="v3")
    assert "版名已由编辑改为“要闻·编辑改”" in str(info.value)


def test_article_added_by_an_editor_survives_a_reimport(publication):
    first_import(publication, parsed_article("甲"))
    page = Page.objects.get()
    added = Article.objects.create(issue=page.issue, page=page, order=2, headline="更正启事")
    reimport(publication, parsed_article("新的"), parsed_article("甲"))
    added.refresh_from_db()
    assert (added.headline, added.order) == ("更正启事", 3)


def test_article_deleted_by_an_editor_does_not_come_back_silently(publication):
    first_import(publication, parsed_article("甲"), parsed_article("乙"))
    Article.objects.get(headline="乙").delete()
    with pytest.raises(ImportRefused, match="《乙》已被编辑删除"):
        reimport(publication, parsed_article("甲", ("新。",)), parsed_article("乙"))
    reimport(publication, parsed_article("甲", ("新。",)), parsed_article("乙"), replace=True)
    assert Article.objects.count() == 2


def test_refusal_lists_every_problem_and_writes_nothing(publication):
    first_import(publication, parsed_article("甲"), parsed_article("乙"), name="要闻")
    Article.objects.filter(headline="甲").update(headline="甲改")
    Page.objects.update(name="要闻改")
    before = list(Article.objects.values_list("pk", "headline", "body"))
    with pytest.raises(ImportRefused) as info:
        reimport(publication, parsed_article("甲", ("新。",)), name="综合")
    message = str(info.value)
    assert "《甲改》的正文或标题组已由编辑修改" in message and "版名" in message and "--replace" in message
    assert list(Article.objects.values_list("pk", "headline", "body")) == before
    assert not RetiredArticle.objects.exists()


def test_replacing_the_published_sample_issue_keeps_every_url_answering(publication, client):
    from editorial.importing import import_issue
    from tests.test_import import sample_files

    files = sample_files()
    import_issue(publication, DATE, files)
    Issue.objects.update(status=Status.PUBLISHED)
    ids = list(Article.objects.values_list("pk", flat=True))
    summary = import_issue(publication, DATE, files, replace=True)
    assert summary.changes == [] and summary.pages == len(files)
    assert list(Article.objects.values_list("pk", flat=True)) == ids
    for pk in ids:
        assert client.get(f"/article/{pk}/").status_code == 200
