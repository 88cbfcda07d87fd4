"""Storing the record once (issue 8 §2): imported text read from the page's lines, history from the first change.

An import leaves ``Article.stored_imported_text`` empty when the page's own source lines give the
text back exactly, and writes no history row: the article's row is its first version until it
changes. Nothing an editor reads may differ from what was stored before: the imported text, the
imported version in the revisions, and restoring it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from archive.models import Article, Issue, Page, Publication
from archive.models.importedtext import lines_of_text, text_of_lines
from archive.parsing import PageLabel, parse_page
from editorial.exporting import export_issue
from editorial.importing import import_issue
from editorial.models import ImportRecord, PublicationEvent
from editorial.revisions import IMPORTED, restore, revision, revisions, save_article
from editorial.textio import decode_page_bytes
from tests.desk_edit_support import make_article

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "moumou" / "2026-04-27"
DATE = dt.date(2026, 4, 27)


def sample(number: int) -> str:
    return (SAMPLES / f"{number:02d}.txt").read_text(encoding="utf-8")


def import_pages(publication, texts: dict[int, str], **kwargs):
    files = [
        (PageLabel.parse(n).key, decode_page_bytes(t.encode("utf-8"), f"{n:02d}.txt"))
        for n, t in texts.items()
    ]
    return import_issue(publication, DATE, files, **kwargs)


@pytest.fixture
def publication(db):
    return Publication.objects.create(name="某某报", slug="moumou")


@pytest.fixture
def imported(publication):
    import_pages(publication, {1: sample(1), 2: sample(2)})
    return publication


def raw_imported_text(article_id: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT imported_text FROM archive_article WHERE id = %s", [article_id])
        return cursor.fetchone()[0]


def parsed_source_texts(text: str) -> list[str]:
    return [a.source_text for a in parse_page(text).articles]


# Line ranges


def test_line_ranges_give_back_exactly_the_text_or_nothing():
    page = "## 甲\n\n正文一\n责任编辑：王五\n正文二\n\n## 乙\n正文三"
    text = "## 甲\n\n正文一\n正文二"
    ranges = lines_of_text(page, text, 1)
    assert ranges == "1-3,5-5"
    assert text_of_lines(page, ranges) == text
    assert text_of_lines("\ufeff" + page, ranges) == text  # a byte-order mark is not part of line 1
    assert lines_of_text(page, "## 甲\n正文四", 1) is None
    assert lines_of_text(page, "", 1) is None
    assert lines_of_text(page, "## 甲\n\n正文一", 1, 3) == "1-3"  # one run of lines
    assert lines_of_text(page, text, 1, 5) == "1-3,5-5"  # not one run: matched line by line


# Imported text


def test_imported_text_is_read_from_the_page_and_not_stored_twice(imported):
    articles = list(Article.objects.select_related("page").order_by("page__number", "order"))
    expected = {n: parsed_source_texts(sample(n)) for n in (1, 2)}
    assert articles
    for article in articles:
        assert article.imported_text == expected[article.page.number][article.order - 1]
    compact = [a for a in articles if a.stored_imported_text == ""]
    assert len(compact) == len(articles)  # every sample article is a selection of its page's lines
    for article in compact:
        assert raw_imported_text(article.pk) == ""
        assert article.imported_snapshot["lines"]


def test_export_still_carries_the_imported_text(imported):
    data = export_issue(Issue.objects.get())
    exported = [a["imported_text"] for p in data["pages"] for a in p["articles"]]
    assert exported == parsed_source_texts(sample(1)) + parsed_source_texts(sample(2))


def test_an_article_moved_to_another_page_keeps_its_imported_text(imported):
    one, two = Page.objects.order_by("number")
    first, second = Article.objects.filter(page=one).order_by("order")[:2]
    texts = {first.pk: first.imported_text, second.pk: second.imported_text}
    first.page = two
    first.order = 90
    save_article(first, first.version, ["page", "order"], None, "移到二版")
    second.page, second.order = two, 91
    second._change_reason = "移到二版"
    second.save()  # the plain model save path too
    for pk, text in texts.items():
        moved = Article.objects.get(pk=pk)
        assert moved.page == two
        assert moved.stored_imported_text == text and moved.imported_text == text


def test_reimport_reads_the_new_page_text(imported, publication):
    changed = sample(1).replace("服务", "服務", 1)
    assert changed != sample(1)
    import_pages(publication, {1: changed, 2: sample(2)}, replace=True)
    page = Page.objects.get(number=1)
    assert page.source_text == changed
    texts = [a.imported_text for a in page.articles.order_by("order")]
    assert texts == parsed_source_texts(changed)


def test_a_stored_imported_text_is_read_as_stored(imported):
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(stored_imported_text="旧库里存着的原文")
    assert Article.objects.get(pk=article.pk).imported_text == "旧库里存着的原文"


# History


def test_bulk_import_writes_no_history_and_shows_the_row_as_the_imported_version(imported):
    article = Article.objects.order_by("pk").first()
    assert not Article.history.exists()
    (only,) = revisions(article)
    assert (only.key, only.reason, only.kind, only.version) == (IMPORTED, "导入", "新建", 1)
    assert only.values["body"] == article.body and only.values["headline"] == article.headline
    assert revision(article, IMPORTED).values == only.values


def test_first_edit_records_the_imported_version_and_it_can_be_restored(imported):
    editor = get_user_model().objects.create_user("editor")
    article = Article.objects.order_by("pk").first()
    imported_body, imported_headline = article.body, article.headline
    article.headline = "改过的标题"
    article.body = [{"kind": "paragraph", "text": "编辑改写的正文。"}]
    save_article(article, 1, ["headline", "body"], editor, "改写")

    first, edit = article.history.order_by("history_id")
    assert (first.history_type, first.history_change_reason, first.version) == ("+", "导入", 1)
    assert first.history_user is None and first.history_date == article.created_at
    assert (first.body, first.headline) == (imported_body, imported_headline)
    assert (edit.history_type, edit.history_user, edit.version) == ("~", editor, 2)
    assert [r.reason for r in revisions(article)] == ["改写", "导入"]

    restore(article, revision(article, str(first.history_id)), 2, editor)
    article.refresh_from_db()
    assert (article.body, article.headline, article.version) == (imported_body, imported_headline, 3)
    assert article.history.count() == 3


def test_first_save_through_the_model_records_the_imported_version_first(imported):
    article = Article.objects.order_by("pk").first()
    imported_body = article.body
    article.body = [{"kind": "paragraph", "text": "新的正文。"}]
    article._change_reason = "修改"
    article.save()
    assert list(article.history.order_by("history_id").values_list("history_type", "body")) == [
        ("+", imported_body),
        ("~", [{"kind": "paragraph", "text": "新的正文。"}]),
    ]
    article.subtitle = "又一次"
    article.save()
    assert article.history.filter(history_type="+").count() == 1  # only before the first change


# Newsroom JSON as UTF-8


def test_newsroom_json_is_stored_as_utf8(imported):
    issue = Issue.objects.get()
    record = ImportRecord.objects.create(
        issue=issue,
        source=ImportRecord.Source.COMMAND,
        files=[{"name": "一版.txt"}],
        summary={"说明": "两版"},
        unmatched=["（下转五版）"],
        repairs=[{"before": "综合服"}],
        flags=[{"text": "绝不不仅"}],
    )
    event = PublicationEvent.objects.create(
        issue=issue,
        action=PublicationEvent.Action.PUBLISH,
        to_status="published",
        at=timezone.now(),
        problems=["缺版面"],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT files, summary, unmatched, repairs, flags FROM editorial_importrecord WHERE id = %s",
            [record.pk],
        )
        raw = [str(v) for v in cursor.fetchone()]
        cursor.execute("SELECT problems FROM editorial_publicationevent WHERE id = %s", [event.pk])
        raw.append(str(cursor.fetchone()[0]))
    for value, chinese in zip(raw, ("一版", "两版", "五版", "综合服", "不不", "缺版面"), strict=True):
        assert chinese in value and "\\u" not in value


def test_escaped_newsroom_json_is_rewritten_on_sqlite(imported):
    if connection.vendor != "sqlite":
        pytest.skip("jsonb keeps no escapes")
    migration = importlib.import_module("editorial.migrations.0007_json_fields_stored_as_utf8")
    record = ImportRecord.objects.create(issue=Issue.objects.get(), source=ImportRecord.Source.COMMAND)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editorial_importrecord SET summary = %s WHERE id = %s",
            [json.dumps({"说明": "两版"}), record.pk],
        )
    migration.rewrite(None, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM editorial_importrecord WHERE id = %s", [record.pk])
        raw = cursor.fetchone()[0]
    assert "两版" in raw and "\\u" not in raw
    record.refresh_from_db()
    assert record.summary == {"说明": "两版"}


def test_imported_by_a_user_the_first_revision_names_them(publication):
    importer = get_user_model().objects.create_user("importer", first_name="导入员")
    import_pages(publication, {1: sample(1)}, user=importer)
    article = Article.objects.order_by("pk").first()
    assert not article.history.exists()
    assert revisions(article)[0].user == "导入员"
    article.headline = "改"
    save_article(article, 1, ["headline"], None, "改标题")
    first = article.history.order_by("history_id").first()
    assert (first.history_type, first.history_user) == ("+", importer)


def test_migration_drops_only_first_rows_the_article_row_repeats(imported):
    migration = importlib.import_module(
        "archive.migrations.0025_drop_first_history_rows_the_article_row_repeats"
    )
    editor = get_user_model().objects.create_user("editor")
    untouched, edited, by_user, unequal = Article.objects.order_by("pk")[:4]
    for article in (untouched, edited, unequal):
        article._change_reason = "导入"
        article._history_user = None
    by_user._change_reason, by_user._history_user = "导入", editor
    Article.history.bulk_history_create(
        [untouched, edited, by_user, unequal]
    )  # as imports used to write them
    edited._change_reason = "改写"
    Article.history.bulk_history_create([edited], update=True)
    Article.objects.filter(pk=unequal.pk).update(headline="未留修订的改动")
    migration.delete_repeated_rows(None, SimpleNamespace(connection=connection))
    assert not untouched.history.exists()
    assert list(edited.history.order_by("history_id").values_list("history_type", flat=True)) == ["+", "~"]
    assert by_user.history.count() == 1 and unequal.history.count() == 1
    assert revisions(Article.objects.get(pk=untouched.pk))[0].values["body"] == untouched.body


@pytest.mark.django_db(transaction=True)
def test_two_first_changes_at_once_write_one_imported_record():
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections (PostgreSQL)")
    article = make_article()
    Article.history.filter(id=article.pk).delete()  # as a bulk import leaves it
    first_saved, second_started = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def editor(name: str):
        try:
            mine = Article.objects.get(pk=article.pk)
            mine.subtitle, mine._change_reason = f"{name}的副题", name
            if name == "乙":
                assert first_saved.wait(10)
                second_started.set()
            with transaction.atomic():
                mine.save()
                outcome[name] = "saved"
                if name == "甲":  # keep the transaction open until the other save is waiting on the row
                    first_saved.set()
                    assert second_started.wait(10)
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(0.5)")
        except Exception as error:  # a thread's exception would otherwise vanish
            outcome[name] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"甲": "saved", "乙": "saved"}
    types = list(article.history.order_by("history_id").values_list("history_type", "history_change_reason"))
    assert types == [("+", "导入"), ("~", "甲"), ("~", "乙")]
