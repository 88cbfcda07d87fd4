"""import_archive: a tree of issues in one process, batched writes, resumable, bad issues skipped (issue 8 §1)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import (
    Article,
    Byline,
    ContinuationLink,
    Contributor,
    Issue,
    Page,
    Publication,
    Status,
)
from archive.vocabulary import load_archive_words
from editorial.importing import bulk, import_parsed
from editorial.importing.bulk import discover, import_tree
from editorial.models import ArticleFlag, ImportRecord
from tests.test_import import DATE, page_input, parsed_article

PAGE_ONE = "# 要闻\n\n## 书香沁政协 履职增动能\n\n本报记者 李 莹\n\n春风送暖，书香正浓。(下转02版)\n"
PAGE_TWO = "# 综合\n\n## 书香沁政协\n\n(上接01版)\n\n委员们在阅读中凝聚共识。\n\n## 服务贸易保持较快增长\n\n数据显示增长。(新华社北京4月26日电)\n"


def issue_dir(root: Path, relative: str, pages: dict[str, str | bytes]) -> Path:
    directory = root / relative
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in pages.items():
        (directory / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return directory


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_archive", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + f"\nCommandError: {exc}"
    return out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path) -> Path:
    issue_dir(tmp_path, "2026-04-27", {"01.txt": PAGE_ONE, "02.TXT": PAGE_TWO, "notes.md": "x"})
    issue_dir(tmp_path, "20260428", {"01.txt": PAGE_ONE, "02.txt": PAGE_TWO})
    issue_dir(tmp_path, "2026/04/29", {"01.txt": PAGE_ONE})
    issue_dir(tmp_path, "misc", {"01.txt": PAGE_ONE})
    return tmp_path


def test_discovers_the_three_date_layouts_and_lists_what_it_skips(tree):
    found = discover(tree)
    assert [(i.date.isoformat(), [f.name for f in i.files]) for i in found.issues] == [
        ("2026-04-27", ["01.txt", "02.TXT"]),
        ("2026-04-28", ["01.txt", "02.txt"]),
        ("2026-04-29", ["01.txt"]),
    ]
    assert any("notes.md" in line for line in found.skipped)
    assert any("目录名不是日期" in line and "misc" in line for line in found.skipped)


def test_imports_the_tree_with_a_chinese_summary_and_resumes(db, tree):
    out, err = run("--publication", "moumou", "--create-publication", "某某报", str(tree))
    assert "某某报：导入 3 期，未变跳过 0 期，失败 0 期；5 版，7 篇文章" in out
    assert "跳过（不是 .txt 版面文件）" in err
    assert Issue.objects.count() == 3 and Page.objects.count() == 5
    assert ContinuationLink.objects.filter(status="auto").count() == 2  # both issues linked, one row a pair
    assert Contributor.objects.filter(name="李莹").count() == 1
    # One import record per issue, from the bulk path too, with the unmatched marker listed
    assert ImportRecord.objects.count() == 3
    assert sorted(ImportRecord.objects.values_list("unmatched_count", flat=True)) == [0, 0, 1]
    flags = sum(len(f) for f in Article.objects.values_list("flags", flat=True))
    assert ArticleFlag.objects.count() == flags == sum(r.flag_count for r in ImportRecord.objects.all())
    assert not Article.history.exists()  # a bulk import writes no history: each row is its first version
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))

    out, _ = run("--publication", "moumou", str(tree))
    assert "导入 0 期，未变跳过 3 期" in out

    (tree / "20260428" / "02.txt").write_text(PAGE_TWO.replace("增长。", "较快增长。"), encoding="utf-8")
    out, _ = run("--publication", "moumou", str(tree))
    assert "导入 1 期，未变跳过 2 期" in out
    assert list(Article.objects.order_by("pk").values_list("pk", flat=True)) == ids  # updated in place


def test_a_bad_issue_is_reported_with_file_and_line_and_the_others_load(db, tree):
    issue_dir(tree, "2026-04-30", {"01.txt": "## 标题\n\n正文\x00\n"})
    article_page = "".join(f"## 简讯{i}\n\n内容。\n\n" for i in range(3))
    issue_dir(tree, "2026-05-01", {"01.txt": article_page.replace("## 简讯1", "## " + "长" * 301)})
    out, err = run("--publication", "moumou", "--create-publication", "某某报", str(tree))
    assert "失败 2 期" in out
    assert "2026-04-30/01.txt 第3行" in err
    assert "2026-05-01/01.txt 第5行：主题共 301 个字" in err
    assert "2 期导入失败" in err
    assert sorted(Issue.objects.values_list("date", flat=True)) == [
        dt.date(2026, 4, 27),
        dt.date(2026, 4, 28),
        dt.date(2026, 4, 29),
    ]


def test_a_failing_batch_is_retried_issue_by_issue(db, tree):
    publication = Publication.objects.create(name="某某报", slug="moumou")
    Issue.objects.create(publication=publication, date=dt.date(2026, 4, 28))  # collides inside the batch
    summary = import_tree(publication, discover(tree))
    assert (summary.issues_imported, summary.issues_failed) == (3, 0)  # the existing issue got its pages
    assert Page.objects.filter(issue__date=dt.date(2026, 4, 28)).count() == 2


def test_publish_publishes_what_passes_the_gate(db, tree):
    issue_dir(tree, "2026-04-29", {"01.txt": PAGE_ONE})  # a jump with nothing to land on
    out, _ = run("--publication", "moumou", "--create-publication", "某某报", "--publish", str(tree))
    assert "发布 2 期" in out
    assert "未发布：2026-04-29：有 1 个转版标记尚未关联：01版《书香沁政协 履职增动能》(下转02版)" in out
    assert Issue.objects.filter(status=Status.PUBLISHED).count() == 2


def test_existing_slug_with_another_name_is_refused(db, tree):
    Publication.objects.create(name="某某报", slug="moumou")
    with pytest.raises(CommandError, match="已存在"):
        call_command("import_archive", "--publication", "moumou", "--create-publication", "别的报", str(tree))


@pytest.mark.django_db(transaction=True)
def test_workers_parse_in_processes_and_store_the_same(tree):
    out, _ = run("--publication", "moumou", "--create-publication", "某某报", "--workers", "2", str(tree))
    assert "导入 3 期" in out
    assert Article.objects.count() == 7 and Byline.objects.count() == 3


# Queries: a fixed number per batch of issues and per page, whatever their size


def make_tree(root: Path, issues: int, pages: int) -> Path:
    for d in range(issues):
        date = (dt.date(2026, 1, 1) + dt.timedelta(days=d)).isoformat()
        issue_dir(
            root, date, {f"{p:02d}.txt": PAGE_TWO.replace("较快", f"第{d}{p}次") for p in range(1, pages + 1)}
        )
    return root


def test_batched_import_queries_do_not_grow_with_issues_or_pages(db, tmp_path):
    publication = Publication.objects.create(name="某某报", slug="moumou")
    import_tree(publication, discover(make_tree(tmp_path / "warm", 1, 1)))  # the agency exists from now on
    counts = []
    for name, issues, pages in (("small", 2, 1), ("large", 6, 2)):  # within one SQLite batch
        Issue.objects.all().delete()
        found = discover(make_tree(tmp_path / name, issues, pages))
        with CaptureQueriesContext(connection) as queries:
            summary = import_tree(publication, found, batch_issues=100)
        assert summary.issues_imported == issues
        counts.append(len(queries))
    # Includes the search index: the batch's entries read, updated and inserted in a few statements,
    # and once per run on PostgreSQL the planner's article count that decides whether to ANALYZE.
    assert counts[0] == counts[1] <= 26, counts


def test_one_issue_queries_do_not_grow_with_pages(db, django_assert_max_num_queries):
    publication = Publication.objects.create(name="某某报", slug="moumou")

    def pages(n, day):
        return [page_input(p, [parsed_article(f"稿{day}{p}{i}") for i in range(5)]) for p in range(1, n + 1)]

    load_archive_words()  # the segmenter's dictionary is read once per process, not per import
    with CaptureQueriesContext(connection) as one:
        import_parsed(publication, DATE, pages(1, 1))
    with django_assert_max_num_queries(len(one)):
        import_parsed(publication, DATE + dt.timedelta(days=1), pages(6, 2))
    # The search index of the issue's articles included: 21 on both databases (PostgreSQL writes the
    # words inside the entry rows; SQLite needs one more insert, into its FTS5 word table).
    assert len(one) <= 21


def test_bulk_load_records_flags_as_rows_to_resolve(db, tmp_path):
    """The batched path keeps the review's record: flag rows and one import record per issue."""
    flagged = "# 要闻\n\n## 会议召开\n\n会议要求\u200b各地抓好落实。\n"
    issue_dir(tmp_path, "2026-05-02", {"01.txt": flagged})
    issue_dir(tmp_path, "2026-05-03", {"01.txt": flagged})
    run("--publication", "moumou", "--create-publication", "某某报", str(tmp_path))
    assert ArticleFlag.objects.filter(kind="zero_width").count() == 2
    assert list(ImportRecord.objects.values_list("flag_count", flat=True)) == [1, 1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")
def test_analyze_runs_after_a_large_load_and_is_left_to_autovacuum_after_a_small_one(
    db, tmp_path, monkeypatch
):
    from editorial.importing import bulk

    publication = Publication.objects.create(name="某某报", slug="moumou")

    def analyzed(root: Path) -> bool:
        with CaptureQueriesContext(connection) as queries:
            import_tree(publication, discover(root))
        return any(q["sql"].startswith("ANALYZE") for q in queries)

    assert analyzed(make_tree(tmp_path / "first", 2, 1))  # into an empty archive
    monkeypatch.setattr(bulk, "estimated_rows", lambda model, using="default": 1_000_000)
    assert not analyzed(issue_dir(tmp_path / "more", "2026-03-01", {"01.txt": PAGE_ONE}).parent)


def test_parsers_run_at_most_a_window_of_issues_ahead_of_the_writer(monkeypatch):
    """Parsed issues wait in memory only a bounded number at a time, however large the archive."""
    submitted = []

    class Done:
        def __init__(self, value):
            self.value = value

        def get(self):
            return self.value

    class Pool:
        def apply_async(self, fn, args):
            submitted.append(args[0])
            return Done(fn(*args))

    monkeypatch.setattr(bulk, "load_issue", lambda task: task * 10)
    results = bulk.parsed_in_order(Pool(), list(range(100)), window=6)
    seen = []
    for value in results:
        seen.append(value)
        assert len(submitted) - len(seen) <= 6  # never more than the window parsed and not yet written
    assert seen == [n * 10 for n in range(100)]  # in the order of the tasks
    assert submitted == list(range(100))
