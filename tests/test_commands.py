"""The management commands: thin wrappers whose errors name the file and line, and change nothing on failure."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import (
    Article,
    Byline,
    ContinuationLink,
    Contributor,
    Issue,
    Page,
    Publication,
)
from archive.parsing import parse_page
from editorial.exporting import export_issue
from tests.test_import import SAMPLE_ISSUE, counts

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_archive.json"
PAGE = "## 书香沁政协 履职增动能\n\n本报记者 李 莹\n\n春风送暖，书香正浓。(下转02版)\n"
PAGE_TWO = "## 书香沁政协\n\n(上接01版)\n\n委员们在阅读中凝聚共识。\n"
ISSUE_ARGS = ["--publication", "moumou", "--date", "2026-04-27"]


def run(*args: str) -> str:
    """Run a command and return what it printed."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(directory: Path, name: str, content: str | bytes) -> Path:
    """Write a page file, UTF-8 unless bytes are given."""
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.fixture
def publication(db) -> Publication:
    """The paper the import commands write into."""
    return Publication.objects.create(name="某某报", slug="moumou")


# parse_page: no database at all (these tests are not allowed to query it)


def test_parse_page_prints_the_parser_json_without_a_database(tmp_path):
    path = write(tmp_path, "p02.txt", PAGE_TWO)
    printed = json.loads(run("parse_page", str(path)))
    assert printed == json.loads(json.dumps(parse_page(PAGE_TWO, page=2).to_json(), ensure_ascii=False))
    assert printed["page"]["number"] == 2


def test_parse_page_takes_page_option_and_gb18030(tmp_path):
    path = write(tmp_path, "page.txt", PAGE.encode("gb18030"))
    assert json.loads(run("parse_page", str(path)))["page"]["number"] == 1
    printed = json.loads(run("parse_page", str(path), "--page", "A3"))
    assert printed["page"]["number"] == "A3"
    assert printed["articles"][0]["headline"] == "书香沁政协 履职增动能"


def test_parse_page_errors_name_file_and_line(tmp_path):
    path = write(tmp_path, "01.txt", b"## \xe6\xa0\x87\n\x00rest")
    with pytest.raises(CommandError, match=r"01\.txt 第2行：文件看起来不是文本"):
        run("parse_page", str(path))
    with pytest.raises(CommandError, match=r"01\.txt：--page “x”不是版次"):
        run("parse_page", str(path), "--page", "x")


# import_pages


def test_import_directory_prints_a_line_per_page_and_a_total(db, tmp_path):
    write(tmp_path, "01.txt", PAGE)
    write(tmp_path, "02.txt", PAGE_TWO)
    write(tmp_path, "notes.md", "ignored")
    out = run("import_pages", *ISSUE_ARGS, "--create-publication", "某某报", str(tmp_path))
    assert "01版 01.txt：已导入，1 篇文章，1 个署名，0 处修复，0 处待核查" in out
    assert "02版 02.txt：已导入，1 篇文章，0 个署名" in out
    assert "导入 2 版，未变 0 版；2 篇文章，1 个署名，0 处修复，0 处待核查，0 个未匹配的转版标记" in out
    assert Publication.objects.get().name == "某某报"
    assert ContinuationLink.objects.filter(status="auto").count() == 1

    again = run("import_pages", *ISSUE_ARGS, str(tmp_path))
    assert "01版 01.txt：未变，跳过" in again
    assert "导入 0 版，未变 2 版" in again


def test_import_reports_unmatched_markers(publication, tmp_path):
    out = run("import_pages", *ISSUE_ARGS, str(write(tmp_path, "01.txt", PAGE)))
    assert "未匹配的转版标记：01版 《书香沁政协 履职增动能》 (下转02版)" in out
    assert "1 个未匹配的转版标记" in out


def test_import_the_sample_issue(publication):
    if not SAMPLE_ISSUE.is_dir():
        pytest.skip(f"{SAMPLE_ISSUE} not present")
    out = run("import_pages", *ISSUE_ARGS, str(SAMPLE_ISSUE))
    assert "导入 3 版" in out and "0 个未匹配的转版标记" in out
    assert ContinuationLink.objects.filter(status="auto").count() == 4


def test_gb18030_file_is_imported_with_its_encoding(publication, tmp_path):
    run("import_pages", *ISSUE_ARGS, str(write(tmp_path, "01.txt", PAGE.encode("gb18030"))))
    page = Page.objects.get()
    assert (page.source_encoding, page.source_text) == ("gb18030", PAGE)
    assert Article.objects.get().headline == "书香沁政协 履职增动能"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"02\.txt：文件是空的"),
        (b"  \n\n", r"02\.txt：文件只有空白"),
        ("## 标题\n\n正文\x00".encode(), r"02\.txt 第3行：文件看起来不是文本"),
        (b"\x89PNG\r\n\x1a\n\xff\xfe\xfd", r"02\.txt 第\d行：不是 UTF-8 或 GB18030"),
    ],
)
def test_bad_second_file_imports_nothing(publication, tmp_path, content, message):
    first = write(tmp_path, "01.txt", PAGE)
    second = write(tmp_path, "02.txt", content)
    with pytest.raises(CommandError, match=message):
        run("import_pages", *ISSUE_ARGS, str(first), str(second))
    assert counts() == dict.fromkeys(counts(), 0)


def test_oversize_file_is_refused(publication, tmp_path, settings):
    settings.BAOKU_MAX_PAGE_BYTES = 64
    path = write(tmp_path, "01.txt", PAGE * 3)
    with pytest.raises(CommandError, match=r"01\.txt：文件大小 .*，超过上限 64 字节"):
        run("import_pages", *ISSUE_ARGS, str(path))
    assert not Issue.objects.exists()


def test_unknown_publication_is_an_error_unless_asked_to_create(db, tmp_path):
    path = str(write(tmp_path, "01.txt", PAGE))
    with pytest.raises(CommandError, match=r"没有网址标识为 moumou 的报纸.*--create-publication"):
        run("import_pages", *ISSUE_ARGS, path)
    assert not Publication.objects.exists()
    with pytest.raises(CommandError, match="不是合格的网址标识"):
        run(
            "import_pages",
            "--publication",
            "Mou Mou",
            "--date",
            "2026-04-27",
            "--create-publication",
            "某某报",
            path,
        )
    assert not Publication.objects.exists()


def test_failed_import_does_not_leave_a_new_publication(db, tmp_path):
    with pytest.raises(CommandError):
        run(
            "import_pages",
            *ISSUE_ARGS,
            "--create-publication",
            "某某报",
            str(write(tmp_path, "01.txt", PAGE)),
            str(write(tmp_path, "1.txt", PAGE)),
        )
    assert not Publication.objects.exists()


def test_page_numbers_come_from_names_or_page_option(publication, tmp_path):
    nameless = str(write(tmp_path, "frontpage.txt", PAGE))
    with pytest.raises(CommandError, match=r"frontpage\.txt：无法从文件名看出版次"):
        run("import_pages", *ISSUE_ARGS, nameless)
    other = str(write(tmp_path, "02.txt", PAGE_TWO))
    with pytest.raises(CommandError, match="--page 只能用于一个文件"):
        run("import_pages", *ISSUE_ARGS, "--page", "1", nameless, other)
    run("import_pages", *ISSUE_ARGS, "--page", "A1", nameless)
    assert (Page.objects.get().prefix, Page.objects.get().number) == ("A", 1)


def test_duplicate_page_in_one_import_is_refused(publication, tmp_path):
    (tmp_path / "a").mkdir()
    files = [str(write(tmp_path / "a", "01.txt", PAGE)), str(write(tmp_path, "p1.txt", PAGE_TWO))]
    with pytest.raises(CommandError, match="01版在这次导入中出现了两次"):
        run("import_pages", *ISSUE_ARGS, *files)
    assert not Issue.objects.exists()


def test_bad_arguments_are_errors(publication, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("import_pages", "--publication", "moumou", "--date", "27/04/2026", str(tmp_path))
    with pytest.raises(CommandError, match="没有这个文件或目录"):
        run("import_pages", *ISSUE_ARGS, str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="目录中没有 \\*\\.txt 版面文件"):
        run("import_pages", *ISSUE_ARGS, str(tmp_path))


def test_edited_article_refuses_reimport_until_replace(publication, tmp_path):
    path = str(write(tmp_path, "01.txt", PAGE))
    run("import_pages", *ISSUE_ARGS, path)
    Article.objects.update(headline="编辑改过")
    assert "未变，跳过" in run("import_pages", *ISSUE_ARGS, path)  # same bytes: the edit stays
    assert Article.objects.get().headline == "编辑改过"
    write(tmp_path, "01.txt", PAGE.replace("书香正浓", "书香更浓"))
    with pytest.raises(CommandError) as info:
        run("import_pages", *ISSUE_ARGS, path)
    assert all(part in str(info.value) for part in ("01版", "01.txt", "《编辑改过》", "--replace"))
    assert Article.objects.get().headline == "编辑改过"

    out = run("import_pages", *ISSUE_ARGS, "--replace", path)
    assert "覆盖了 1 篇编辑改动过的文章" in out
    assert "改动：01版 《编辑改过》 更新：正文/标题" in out
    assert Article.objects.get().headline == "书香沁政协 履职增动能"


# export_issue


def test_export_issue_prints_the_export(publication, tmp_path):
    run(
        "import_pages",
        *ISSUE_ARGS,
        str(write(tmp_path, "01.txt", PAGE)),
        str(write(tmp_path, "02.txt", PAGE_TWO)),
    )
    printed = run("export_issue", *ISSUE_ARGS)
    assert "书香沁政协" in printed  # not \\u-escaped
    assert json.loads(printed) == json.loads(json.dumps(export_issue(Issue.objects.get())))


def test_export_of_a_missing_issue_is_an_error(publication):
    with pytest.raises(CommandError, match="没有网址标识为 moumou 的报纸在 2026-04-27 的期次"):
        run("export_issue", *ISSUE_ARGS)


# The bundled fixture


def test_small_archive_fixture_loads(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert (Publication.objects.count(), Issue.objects.count(), Page.objects.count()) == (1, 1, 3)
    assert Article.objects.count() == 13
    assert ContinuationLink.objects.filter(status="auto").count() == 4
    assert not any(a.is_edited for a in Article.objects.all())
    data = export_issue(Issue.objects.get())
    assert len(data["links"]) == 4 and data["unmatched_markers"] == []
    assert (Byline.objects.count(), Contributor.objects.count()) == (8, 9)
    # The flag rows mirror the articles' imported flags, all still to be checked.
    from editorial.models import ArticleFlag

    flags = sorted((f["kind"], f["text"]) for a in Article.objects.all() for f in a.flags)
    assert sorted(ArticleFlag.objects.unresolved().values_list("kind", "text")) == flags != []
