"""Odd input and concurrency (issue 7 §6): every value checked against its column, conflict-safe creation."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Contributor, Issue, Page, Publication
from archive.parsing import Person
from editorial.importing import ContributorRegistry, import_parsed
from editorial.importing.sources import get_publication
from editorial.textio import PageFileError
from tests.test_commands import ISSUE_ARGS, PAGE, PAGE_TWO, write
from tests.test_import import DATE, page_input, parsed_article

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)"
)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def publication(db) -> Publication:
    return Publication.objects.create(name="某某报", slug="moumou")


# Values beyond their columns: the same Chinese message on both databases, nothing written


def test_page_number_beyond_the_range_names_the_file(publication, tmp_path):
    path = str(write(tmp_path, "front.txt", PAGE))
    with pytest.raises(CommandError) as info:
        run("import_pages", *ISSUE_ARGS, "--page", "九九九九九九", path)
    assert "front.txt" in str(info.value) and "不是版次（可写 3 或 A3，版次 1–999）" in str(info.value)
    assert not Issue.objects.exists()


def test_a_page_of_35000_items_is_refused_before_writing(publication):
    articles = [parsed_article(f"简讯{i}", first_line=i) for i in range(35_000)]
    with pytest.raises(PageFileError) as info:
        import_parsed(publication, DATE, [page_input(1, articles)])
    assert info.value.path == "01.txt" and "版内顺序 35000 超出范围（0–32767）" in str(info.value)
    assert not Article.objects.exists()


def test_overlong_contributor_names_its_line(publication):
    article = parsed_article("甲", bylines=[Person("名" * 61, "记者")], first_line=7)
    with pytest.raises(PageFileError) as info:
        import_parsed(publication, DATE, [page_input(2, [article])])
    assert (info.value.line, "姓名/名称共 61 个字" in str(info.value)) == (7, True)


def test_overlong_publication_name_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="报名共 101 个字，超过上限 100 个字"):
        run(
            "import_pages",
            *ISSUE_ARGS,
            "--create-publication",
            "报" * 101,
            str(write(tmp_path, "01.txt", PAGE)),
        )
    assert not Publication.objects.exists()


def test_existing_slug_with_another_name_is_refused(publication, tmp_path):
    with pytest.raises(CommandError, match=r"已存在，名称是“某某报”.*“另一报”不同"):
        run(
            "import_pages",
            *ISSUE_ARGS,
            "--create-publication",
            "另一报",
            str(write(tmp_path, "01.txt", PAGE)),
        )
    run("import_pages", *ISSUE_ARGS, "--create-publication", "某某报", str(tmp_path / "01.txt"))
    assert Publication.objects.count() == 1 and Page.objects.count() == 1


def test_name_taken_by_another_slug_is_refused(publication):
    with pytest.raises(Exception, match="已有一份名为“某某报”的报纸，网址标识是 moumou"):
        get_publication("other", "某某报")


# Files in a directory


def test_upper_case_extension_is_imported_and_skipped_files_are_listed(publication, tmp_path):
    write(tmp_path, "01.txt", PAGE)
    write(tmp_path, "02.TXT", PAGE_TWO)
    write(tmp_path, "notes.md", "不是版面")
    out, err = run("import_pages", *ISSUE_ARGS, str(tmp_path))
    assert "02版 02.TXT：已导入" in out
    assert "跳过（不是 .txt 版面文件）：" in err and "notes.md" in err
    assert Page.objects.count() == 2


# Database busy


def test_database_locked_becomes_a_clear_message(publication, tmp_path, monkeypatch):
    from editorial.management.commands import import_pages

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(import_pages, "import_issue", locked)
    with pytest.raises(CommandError, match=r"数据库正被另一个导入或编辑占用.*请稍后重试"):
        run("import_pages", *ISSUE_ARGS, str(write(tmp_path, "01.txt", PAGE)))


def test_other_operational_errors_are_not_disguised(publication, tmp_path, monkeypatch):
    from editorial.management.commands import import_pages

    def broken(*args, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(import_pages, "import_issue", broken)
    with pytest.raises(OperationalError):
        run("import_pages", *ISSUE_ARGS, str(write(tmp_path, "01.txt", PAGE)))


# Contributors: one select, one sorted conflict-safe insert, one re-select


def test_contributors_are_resolved_in_one_sorted_insert(db):
    Contributor.objects.create(name="乙", kind="person")
    registry = ContributorRegistry()
    keys = [("person", n) for n in ("丙", "乙", "甲", "丁")] + [("agency", "新华社")]
    with CaptureQueriesContext(connection) as queries:
        registry.resolve(keys)
        registry.resolve(keys)  # known now: no query
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(queries) == 3 and len(inserts) == 1
    names = sorted([("agency", "新华社"), ("person", "丙"), ("person", "丁"), ("person", "甲")])
    positions = [inserts[0].index(name) for _, name in names]
    assert positions == sorted(positions)  # rows go in in one fixed order
    assert set(registry.ids) == set(keys)
    assert Contributor.objects.count() == 5


def test_existing_contributor_inserted_meanwhile_is_not_an_error(db):
    registry = ContributorRegistry()
    registry.resolve([("person", "甲")])
    Contributor.objects.filter(name="甲").delete()
    Contributor.objects.create(name="甲", kind="person")
    fresh = ContributorRegistry()
    fresh.resolve([("person", "甲"), ("person", "乙")])
    assert fresh.ids[("person", "甲")] == Contributor.objects.get(name="甲").pk


def run_in_threads(*jobs):
    """Run callables at the same moment on their own connections; return the exceptions raised."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def wrap(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # the test inspects them
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_creating_the_same_contributors_in_opposite_order_do_not_deadlock():
    import datetime as dt

    publication = Publication.objects.create(name="某某报", slug="moumou")
    for round_ in range(3):
        names = [f"记者{round_}_{i:03d}" for i in range(300)]

        def importer(day, order):
            def job():
                articles = [
                    parsed_article(f"稿{i}", bylines=[Person(n, "记者")]) for i, n in enumerate(order)
                ]
                import_parsed(publication, dt.date(2026, 1, day), [page_input(1, articles)])

            return job

        errors = run_in_threads(importer(1 + 2 * round_, names), importer(2 + 2 * round_, names[::-1]))
        assert errors == []
        assert Contributor.objects.filter(name__startswith=f"记者{round_}_").count() == 300
    assert Issue.objects.count() == 6


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_creating_one_publication_at_once_share_it():
    found = []

    def create():
        with transaction.atomic():
            found.append(get_publication("xinbao", "新报").pk)

    assert run_in_threads(create, create, create) == []
    assert len(set(found)) == 1 and Publication.objects.get().name == "新报"
