"""Persistence of parsed pages: what is stored, idempotency, refusals that protect editors, atomicity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection

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
)
from archive.parsing import (
    Block,
    Credit,
    Dateline,
    Flag,
    Marker,
    PageLabel,
    ParsedArticle,
    ParsedPage,
    Person,
    Repair,
)
from editorial.importing import (
    REPLACE_REASON,
    ImportRefused,
    PageInput,
    creating,
    import_issue,
    import_parsed,
    markers,
)
from editorial.revisions import revisions, save_article
from editorial.textio import PageFileError, decode_page_bytes

DATE = dt.date(2026, 4, 27)
SAMPLE_ISSUE = Path(__file__).resolve().parent.parent / "samples" / "moumou" / "2026-04-27"


# Builders shared with the linking and export tests


def source(text: str, path: str = "01.txt"):
    """A decoded page as textio would hand it over."""
    return decode_page_bytes(text.encode("utf-8"), path)


def parsed_article(
    headline: str = "标题", paragraphs: tuple[str, ...] = ("正文。",), **kwargs
) -> ParsedArticle:
    """A hand-built parsed article, so persistence is tested apart from the parser."""
    blocks = kwargs.pop("blocks", None) or [Block("paragraph", p) for p in paragraphs]
    jumps = [
        Marker("jump", f"(下转{p:02d}版)" if isinstance(p, int) else f"(下转{p}版)", p)
        for p in kwargs.pop("to", [])
    ]
    backs = [
        Marker("back", f"(上接{p:02d}版)" if isinstance(p, int) else f"(上接{p}版)", p)
        for p in kwargs.pop("from_", [])
    ]
    markers = kwargs.pop("markers", None) or backs + jumps
    return ParsedArticle(
        headline=headline, blocks=blocks, markers=markers, source_text=f"## {headline}\n", **kwargs
    )


def page_input(key, articles: list[ParsedArticle], text: str | None = None, **page_kwargs) -> PageInput:
    """A page ready for import_parsed; the text decides the checksum, so vary it to mean 'a new file'."""
    name = f"{key:02d}.txt" if isinstance(key, int) else f"{key}.txt"
    text = text if text is not None else f"page {key}: " + "|".join(a.headline for a in articles)
    return PageInput(key, source(text, name), ParsedPage(number=key, articles=articles, **page_kwargs))


@pytest.fixture
def publication(db) -> Publication:
    """The paper every test imports into."""
    return Publication.objects.create(name="某某报", slug="moumou")


def counts() -> dict[str, int]:
    """Row counts of every imported table, to prove that a refused import changed nothing."""
    models = (Issue, Page, Article, Byline, ContinuationMarker, Contributor, Article.history.model)
    return {m.__name__: m.objects.count() for m in models}


def full_article() -> ParsedArticle:
    """An article using every field the importer maps."""
    return ParsedArticle(
        headline="致敬环卫劳动者 保障权益送温暖",
        section="委员履职“服务为民”",
        kicker=None,
        subtitle_lines=["——陈雍参加活动"],
        document_date=dt.date(2025, 10, 29),
        bylines=[Person("单 瑞", "记者"), Person("单瑞", "记者"), Person("王　茜", "通讯员")],
        agency="新华社",
        dateline=Dateline("北京", "4月26日"),
        blocks=[
            Block("paragraph", "第一段服务。"),
            Block("subhead", "小标题"),
            Block("paragraph", "第二段。"),
        ],
        markers=[Marker("jump", "（下转A3版）", "A3"), Marker("jump", "(下转版)", None)],
        repairs=[Repair("column_break", "…综合服", "务，加强…", 0, 3)],
        flags=[Flag("doubled_char", "绝不不仅")],
        source_text="### 委员履职“服务为民”\n## 致敬环卫劳动者 保障权益送温暖\n",
    )


# What is stored


def test_import_stores_page_article_bylines_and_markers(publication):
    page = page_input(
        1, [full_article(), parsed_article("短讯")], name="要闻", credits=[Credit("责任编辑", "某某")]
    )
    summary = import_parsed(publication, DATE, [page])

    issue = Issue.objects.get()
    assert (issue.publication, issue.date, issue.status) == (publication, DATE, Status.IMPORTED)
    stored = Page.objects.get()
    assert (stored.prefix, stored.number, stored.name) == ("", 1, "要闻")
    assert stored.credits == [{"role": "责任编辑", "name": "某某"}]
    assert stored.source_name == "01.txt"
    assert stored.source_text == page.source.text
    assert stored.source_sha256 == page.source.sha256
    assert stored.source_encoding == "utf-8"
    assert stored.imported_at is not None

    first, second = Article.objects.order_by("order")
    assert (first.order, second.order) == (1, 2)
    assert first.section == "委员履职“服务为民”"
    assert (first.kicker, second.section, second.subtitle) == ("", "", "")
    assert first.subtitle == "——陈雍参加活动"
    assert first.document_date == dt.date(2025, 10, 29)
    assert (first.dateline_place, first.dateline_date) == ("北京", "4月26日")
    assert (first.agency.name, first.agency.kind) == ("新华社", Contributor.Kind.AGENCY)
    assert first.body == [
        {"kind": "paragraph", "text": "第一段服务。"},
        {"kind": "subhead", "text": "小标题"},
        {"kind": "paragraph", "text": "第二段。"},
    ]
    assert first.repairs == [
        {"kind": "column_break", "before": "…综合服", "after": "务，加强…", "paragraph": 0, "offset": 3}
    ]
    assert first.flags == [{"kind": "doubled_char", "text": "绝不不仅"}]
    assert first.imported_text.startswith("### 委员履职")
    assert first.imported_snapshot == {
        "sha1": first.snapshot_digest(),
        "headline": "致敬环卫劳动者 保障权益送温暖",
        "bylines": [["单瑞", "记者"], ["王茜", "通讯员"]],
        "agency": "新华社",
    }
    assert first.version == 1
    # No history row yet: the article's row is its first version, shown as the import's revision
    assert not first.history.exists()
    assert [(r.kind, r.reason, r.version) for r in revisions(first)] == [("新建", "导入", 1)]
    assert not first.is_edited

    bylines = [(b.contributor.name, b.contributor.kind, b.role, b.order) for b in first.bylines.all()]
    assert bylines == [("单瑞", "person", "记者", 1), ("王茜", "person", "通讯员", 2)]
    markers = [(m.kind, m.text, m.page_prefix, m.page_number, m.order) for m in first.markers.all()]
    assert markers == [("jump", "（下转A3版）", "A", 3, 1), ("jump", "(下转版)", "", None, 2)]
    assert (summary.pages, summary.articles, summary.bylines, summary.repairs, summary.flags) == (
        1,
        2,
        2,
        1,
        1,
    )
    assert summary.unmatched_markers == 2


def test_contributors_are_shared_across_articles_and_spacing(publication):
    a = parsed_article("甲", bylines=[Person("单 瑞", "记者")])
    b = parsed_article("乙", bylines=[Person("单　瑞", "记者"), Person("Anna  Li", "作者")])
    import_parsed(publication, DATE, [page_input(1, [a, b])])
    assert sorted(Contributor.objects.values_list("name", flat=True)) == ["Anna Li", "单瑞"]
    assert Byline.objects.filter(contributor__name="单瑞").count() == 2


def test_lettered_page_is_stored_with_prefix(publication):
    import_parsed(publication, DATE, [page_input("A3", [parsed_article()])])
    page = Page.objects.get()
    assert (page.prefix, page.number, page.key, page.label) == ("A", 3, "A3", "A3")


# Idempotency and replacement of unedited pages


def test_reimporting_the_same_files_changes_nothing(publication):
    pages = [page_input(1, [full_article(), parsed_article("甲")]), page_input(2, [parsed_article("乙")])]
    import_parsed(publication, DATE, pages)
    before = counts()
    ids = list(Article.objects.values_list("pk", "updated_at"))

    summary = import_parsed(publication, DATE, pages)

    assert counts() == before
    assert list(Article.objects.values_list("pk", "updated_at")) == ids
    assert (summary.pages, summary.articles, summary.skipped_pages_unchanged) == (0, 0, 2)
    assert [r.outcome for r in summary.page_results] == ["unchanged", "unchanged"]


def test_changed_file_replaces_unedited_articles(publication):
    import_parsed(publication, DATE, [page_input(1, [parsed_article("旧标题")], text="old")])
    summary = import_parsed(
        publication, DATE, [page_input(1, [parsed_article("新标题"), parsed_article("另一篇")], text="new")]
    )
    assert list(Article.objects.values_list("headline", flat=True)) == ["新标题", "另一篇"]
    assert Page.objects.get().source_text == "new"
    assert summary.page_results[0].outcome == "replaced"
    assert Page.objects.count() == 1


def test_new_page_is_added_to_an_existing_issue(publication):
    import_parsed(publication, DATE, [page_input(1, [parsed_article("甲")])])
    summary = import_parsed(
        publication, DATE, [page_input(1, [parsed_article("甲")]), page_input(2, [parsed_article("乙")])]
    )
    assert (summary.pages, summary.skipped_pages_unchanged, summary.issue_created) == (1, 1, False)
    assert Issue.objects.count() == 1
    assert Page.objects.count() == 2


# Protecting editors' work


def edit_headline(headline: str, new: str) -> Article:
    """Change a headline the way an editor would, through a normal save."""
    article = Article.objects.get(headline=headline)
    article.headline = new
    article.save()
    return article


def test_reimport_over_edited_article_is_refused_and_changes_nothing(publication):
    page = page_input(1, [parsed_article("原标题"), parsed_article("其他")])
    import_parsed(publication, DATE, [page])
    edit_headline("原标题", "编辑改过的标题")
    before = counts()
    changed = page_input(
        1, [parsed_article("原标题", ("改过的正文。",)), parsed_article("其他")], text="changed"
    )

    with pytest.raises(ImportRefused) as info:
        import_parsed(publication, DATE, [changed])

    message = str(info.value)
    assert "01版" in message and "《编辑改过的标题》" in message and "01.txt" in message
    assert "其他" not in message
    assert counts() == before
    assert Article.objects.filter(headline="编辑改过的标题").exists()


def test_reimporting_the_same_file_keeps_the_editors_correction(publication):
    page = page_input(1, [parsed_article("原标题")])
    import_parsed(publication, DATE, [page])
    edit_headline("原标题", "编辑改过的标题")

    summary = import_parsed(publication, DATE, [page])

    assert summary.skipped_pages_unchanged == 1
    assert list(Article.objects.values_list("headline", flat=True)) == ["编辑改过的标题"]


def test_replace_makes_the_file_text_a_revision_of_the_same_article(publication, django_user_model):
    page = page_input(1, [parsed_article("原标题")])
    import_parsed(publication, DATE, [page])
    edited = edit_headline("原标题", "编辑改过的标题")
    user = django_user_model.objects.create(username="importer")

    summary = import_parsed(publication, DATE, [page], replace=True, user=user)

    article = Article.objects.get()
    assert (article.pk, article.headline, article.version) == (edited.pk, "原标题", 2)
    assert summary.replaced_edited_articles == 1
    assert summary.changes == ["01版 《编辑改过的标题》 更新：正文/标题"]
    history = list(article.history.order_by("history_id").values_list("headline", "history_change_reason"))
    assert history[-2:] == [("编辑改过的标题", None), ("原标题", REPLACE_REASON)]
    assert REPLACE_REASON == "重新导入"
    assert article.history.latest().history_user == user
    assert not Article.history.filter(history_type="-").exists()


def test_published_issue_refuses_changes_but_accepts_the_same_files(publication):
    page = page_input(1, [parsed_article("甲")])
    import_parsed(publication, DATE, [page])
    Issue.objects.update(status=Status.PUBLISHED)

    assert import_parsed(publication, DATE, [page]).skipped_pages_unchanged == 1
    before = counts()
    with pytest.raises(ImportRefused, match="期次已发布"):
        import_parsed(publication, DATE, [page_input(1, [parsed_article("乙")], text="changed")])
    assert counts() == before

    import_parsed(publication, DATE, [page_input(1, [parsed_article("乙")], text="changed")], replace=True)
    assert list(Article.objects.values_list("headline", flat=True)) == ["乙"]


# Malformed imports and atomicity


def test_duplicate_page_is_refused_before_touching_the_database(publication, django_assert_num_queries):
    pages = [page_input(1, [parsed_article()]), page_input(1, [parsed_article()], text="other")]
    with django_assert_num_queries(0), pytest.raises(ImportRefused, match="01版在这次导入中出现了两次"):
        import_parsed(publication, DATE, pages)
    files = [(1, source("## 甲\n\n正文。\n", "a/01.txt")), ("1", source("## 乙\n\n正文。\n", "b/1.txt"))]
    with django_assert_num_queries(0), pytest.raises(ImportRefused, match=r"a/01\.txt 和 b/1\.txt"):
        import_issue(publication, DATE, files)


def test_failure_while_writing_the_second_page_rolls_back_the_first(publication, monkeypatch):
    import_parsed(publication, DATE, [page_input(1, [parsed_article("甲")], text="one")])
    before = counts()
    real_create = creating.create_pages

    def failing_create(issue, items, *args):
        if any(item.key == PageLabel("", 2) for item in items):
            raise RuntimeError("disk full")
        return real_create(issue, items, *args)

    monkeypatch.setattr(creating, "create_pages", failing_create)
    pages = [page_input(1, [parsed_article("新甲")], text="one v2"), page_input(2, [parsed_article("乙")])]
    with pytest.raises(RuntimeError):
        import_parsed(publication, DATE, pages)

    assert counts() == before
    assert Page.objects.get().source_text == "one"
    assert list(Article.objects.values_list("headline", flat=True)) == ["甲"]


def test_failure_on_a_new_issue_leaves_no_issue_behind(publication, monkeypatch):
    monkeypatch.setattr(markers, "link_issue", lambda issue: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_parsed(publication, DATE, [page_input(1, [parsed_article()])])
    assert counts() == dict.fromkeys(counts(), 0)


def test_overlong_value_names_file_and_line(publication):
    article = parsed_article("长" * 301, first_line=12)
    with pytest.raises(PageFileError) as info:
        import_parsed(publication, DATE, [page_input(3, [article])])
    assert (info.value.path, info.value.line) == ("03.txt", 12)
    assert "主题共 301 个字，超过上限 300 个字" in str(info.value)
    assert Issue.objects.count() == 0


# Links survive a re-import of one side


def test_reimporting_a_page_keeps_an_editors_confirmation(publication):
    one = page_input(1, [parsed_article("书香沁政协 履职增动能", to=[2])])
    two = page_input(2, [parsed_article("书香沁政协", from_=[1])], text="v1")
    import_parsed(publication, DATE, [one, two])
    ContinuationLink.objects.get().confirm(None)

    two_fixed = page_input(2, [parsed_article("书香沁政协", ("改正后的正文。",), from_=[1])], text="v2")
    import_parsed(publication, DATE, [one, two_fixed])

    link = ContinuationLink.objects.get()
    assert link.status == ContinuationLink.Status.CONFIRMED
    assert (link.jump, link.back) == (
        ContinuationMarker.objects.get(kind="jump"),
        ContinuationMarker.objects.get(kind="back"),
    )
    assert link.back.article.paragraphs == ["改正后的正文。"]


def test_reimporting_the_jump_page_keeps_an_editors_rejection(publication):
    two = page_input(2, [parsed_article("书香沁政协", from_=[1])])
    import_parsed(publication, DATE, [page_input(1, [parsed_article("书香沁政协", to=[2])], text="v1"), two])
    ContinuationLink.objects.get().reject(None)

    one_fixed = page_input(1, [parsed_article("书香沁政协", ("新正文", "续"), to=[2])], text="v2")
    summary = import_parsed(publication, DATE, [one_fixed, two])

    link = ContinuationLink.objects.get()
    assert link.status == ContinuationLink.Status.REJECTED
    assert link.jump.article.paragraphs == ["新正文", "续"]
    assert summary.unmatched_markers == 2  # free, and the rejected pair is not proposed again


def test_reimport_drops_links_to_an_article_that_is_gone(publication):
    one = page_input(1, [parsed_article("书香沁政协 履职增动能", to=[2])])
    import_parsed(publication, DATE, [one, page_input(2, [parsed_article("书香沁政协", from_=[1])])])
    summary = import_parsed(publication, DATE, [page_input(2, [parsed_article("别的文章")], text="v2")])
    assert not ContinuationLink.objects.exists()
    assert summary.unmatched_markers == 1


# End to end on the sample issue


def sample_files():
    """The sample issue's pages, or a skip when the samples have not been written yet."""
    if not SAMPLE_ISSUE.is_dir():
        pytest.skip(f"{SAMPLE_ISSUE} not present")
    from editorial.textio import read_page_file

    return [(PageLabel.from_filename(p.name), read_page_file(p)) for p in sorted(SAMPLE_ISSUE.glob("*.txt"))]


def test_sample_issue_imports_links_and_reimports_idempotently(publication):
    files = sample_files()
    summary = import_issue(publication, DATE, files)
    assert summary.pages == len(files) >= 3
    assert summary.unmatched_markers == 0, summary.unmatched
    jumps = ContinuationMarker.objects.filter(kind="jump", article__page__number=1)
    assert jumps.count() == 4
    for jump in jumps.with_links():
        link = jump.active_link
        assert link.status == "auto", jump
        assert link.back.article.page.number == jump.page_number

    before = counts()
    again = import_issue(publication, DATE, files)
    assert counts() == before
    assert again.skipped_pages_unchanged == len(files)


def test_json_columns_store_chinese_as_utf8_not_escapes(publication):
    from django.db import connection

    import_parsed(publication, DATE, [page_input(1, [full_article()], credits=[Credit("责任编辑", "王五")])])
    article = Article.objects.get()
    article.kicker = "引题"
    save_article(article, 1, ["kicker"], None, "加引题")  # the first change writes the imported version too
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, imported_snapshot FROM archive_article")
        body, snapshot = (str(v) for v in cursor.fetchone())
        cursor.execute("SELECT credits FROM archive_page")
        (credits,) = (str(v) for v in cursor.fetchone())
        cursor.execute("SELECT body FROM archive_historicalarticle WHERE history_type = '+'")
        (history,) = (str(v) for v in cursor.fetchone())
    for raw in (body, snapshot, credits, history):
        assert "\\u" not in raw
    assert "第一段服务" in body and "单瑞" in snapshot and "王五" in credits and "第一段服务" in history


def test_front_page_teasers_are_stored_on_the_page_in_utf8(publication):
    """The 导读 block the parser reads is kept on the page (not lost), Chinese stored as UTF-8."""
    case = Path(__file__).resolve().parent / "golden" / "teaser_block_front_page"
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))["page"]["teasers"]
    text = decode_page_bytes((case / "input.txt").read_bytes(), "01.txt")
    import_issue(publication, DATE, [(1, text)])
    page = Page.objects.get()
    assert page.teasers == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT teasers FROM archive_page WHERE id = %s", [page.pk])
        raw = cursor.fetchone()[0]
    raw = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    assert "全省夏粮收购进度过半" in raw and "\\u" not in raw


def test_role_words_are_never_credited(publication):
    """记者 or 本报 read as a name is nobody: no contributor row (the database refuses one), no byline."""
    article = parsed_article("甲", bylines=[Person("本 报", "记者"), Person("李莹", "记者")], agency="本报")
    import_parsed(publication, DATE, [page_input(1, [article])])
    assert list(Contributor.objects.values_list("name", flat=True)) == ["李莹"]
    assert list(Byline.objects.values_list("contributor__name", flat=True)) == ["李莹"]
    assert Article.objects.get().agency is None
    # Re-importing the same parse sees nothing changed (the snapshot skips role words too)
    summary = import_parsed(publication, DATE, [page_input(1, [article], text="v2")])
    assert summary.changes == []
