"""Export → wipe → import_issue → export gives the same JSON (ids aside), on every golden case and the demo issue."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from archive.models import (
    Article,
    ArticleTag,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Correction,
    Issue,
    Page,
    Publication,
    Tag,
)
from archive.parsing import page_key_from_filename, parse_page
from editorial import corrections, revisions, workflow
from editorial.exporting import PARSER_KEYS, VERSION, export_issue
from editorial.importing import import_issue
from editorial.models import ArticleFlag, ImportRecord, PublicationEvent
from editorial.restoring import RestoreError, restore_issue
from editorial.textio import read_page_file
from tests.test_import import DATE, SAMPLE_ISSUE, source

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").is_file())


def as_json(issue: Issue) -> dict:
    """The export as it would be written to a file."""
    return json.loads(json.dumps(export_issue(issue), ensure_ascii=False))


def without_ids(data: dict) -> dict:
    """The export with database ids replaced by the articles' refs (page/order), which survive a restore."""
    data = json.loads(json.dumps(data))
    refs = {a["id"]: a["ref"] for p in data["pages"] for a in p["articles"]}
    for page in data["pages"]:
        for article in page["articles"]:
            del article["id"]
    for link in data["links"]:
        link["from"], link["to"] = refs[link["from"]], refs[link["to"]]
    for marker in data["unmatched_markers"]:
        marker["article"] = refs[marker["article"]]
    return data


def wipe() -> None:
    """Empty every table an issue lives in, as a fresh database would be."""
    for model in (
        PublicationEvent,
        ImportRecord,
        ArticleFlag,
        Correction,
        ContinuationLink,
        ContinuationMarker,
        ArticleTag,
        Byline,
        Article,
        Page,
        Issue,
        Publication,
        Contributor,
        Tag,
    ):
        model.objects.all().delete()


def round_trip(issue: Issue) -> tuple[dict, dict]:
    before = as_json(issue)
    wipe()
    restored = restore_issue(json.loads(json.dumps(before, ensure_ascii=False)))
    return without_ids(before), without_ids(as_json(restored))


@pytest.mark.parametrize("case", CASES)
def test_golden_case_round_trips(case):
    text = (GOLDEN / case / "input.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    publication = Publication.objects.create(name="某某报", slug="moumou")
    import_issue(publication, DATE, [(expected["page"]["number"], source(text, "page.txt"))])
    before, after = round_trip(Issue.objects.get())
    assert after == before
    assert before["pages"][0]["source"]["text"] == text.replace("\r\n", "\n")


@pytest.fixture
def demo_issue():
    """The sample issue with editors' work on it: every kind of record the export must carry back.

    A confirmed and a rejected link, an edit (version 2), tags, an approved and a pending erratum, a
    resolved flag, and a workflow history: sent to review, published past the gate, withdrawn, published.
    """
    if not SAMPLE_ISSUE.is_dir():
        pytest.skip(f"{SAMPLE_ISSUE} not present")
    users = get_user_model().objects
    editor, chief = users.create_user("bianji"), users.create_user("zhuren")
    chief.user_permissions.add(Permission.objects.get(codename="approve_correction"))
    editor.user_permissions.add(Permission.objects.get(codename="send_issue_to_review"))
    editor, chief = users.get(pk=editor.pk), users.get(pk=chief.pk)  # fresh permission caches
    publication = Publication.objects.create(name="某某报", short_name="某某", slug="moumou")
    files = [(page_key_from_filename(p.name), read_page_file(p)) for p in sorted(SAMPLE_ISSUE.glob("*.txt"))]
    import_issue(publication, DATE, files)
    issue = Issue.objects.get()
    links = list(ContinuationLink.objects.filter(status="auto").order_by("pk"))
    links[0].confirm(editor)
    links[1].reject(editor)
    article = Article.objects.get(headline__startswith="致敬环卫")
    article.headline = "致敬环卫劳动者  保障权益送温暖"
    article.body = [{"kind": "caption", "text": "图为慰问现场。"}, *article.body]
    revisions.save_article(article, article.version, ["headline", "body"], editor, "测试")
    ArticleTag.objects.create(article=article, tag=Tag.objects.create(name="环卫"))
    ArticleTag.objects.create(article=article, tag=Tag.objects.create(kind="person", name="陈雍"))
    erratum = Correction.objects.create(
        article=article,
        note="特此更正。",
        printed_text="图为慰问现场",
        corrected_text="图为走访现场",
        created_by=editor,
    )
    corrections.approve(erratum, chief)
    Correction.objects.create(article=article, note="待定。", printed_text="环卫", corrected_text="环境卫生")
    ArticleFlag.objects.order_by("pk").first().resolve(editor)
    workflow.send_to_review(issue, editor)
    workflow.publish(issue, override_reason="测试：一处转版已否决")
    workflow.withdraw(issue)
    workflow.publish(issue, override_reason="测试：再次发布")
    issue.refresh_from_db()
    return issue


def test_demo_issue_round_trips(demo_issue):
    exported = as_json(demo_issue)
    wipe()
    history_before = Article.history.count()
    before, after = without_ids(exported), without_ids(as_json(restore_issue(exported)))
    assert after == before
    assert before["version"] == VERSION and before["status"] == "published"
    assert (
        before["published_at"] < before["last_published_at"]
    )  # first publication kept across the withdrawal
    statuses = sorted(
        m["link_status"] for p in after["pages"] for a in p["articles"] for m in a["markers_detail"]
    )
    assert {"auto", "confirmed", "rejected"} <= set(statuses)
    links = {(link["status"], link["decided_by"]) for link in after["continuation_links"]}
    assert {("confirmed", "bianji"), ("rejected", "bianji"), ("auto", None)} == links
    assert [e["action"] for e in after["publication_events"]] == [
        "send_to_review",
        "publish",
        "withdraw",
        "publish",
    ]
    assert len(after["import_records"]) == 1
    restored = Article.objects.get(headline="致敬环卫劳动者  保障权益送温暖")
    assert restored.is_edited and restored.body[0] == {"kind": "caption", "text": "图为走访现场。"}
    assert restored.version == 3  # the edit and the erratum's correction
    assert sorted(restored.corrections.values_list("status", "approved_by__username")) == [
        ("approved", "zhuren"),
        ("pending", None),
    ]
    assert sorted(restored.tagged.values_list("tag__kind", "tag__name")) == [
        ("person", "陈雍"),
        ("subject", "环卫"),
    ]
    assert ArticleFlag.objects.resolved().get().resolved_by.username == "bianji"
    assert Article.objects.published().filter(pk=restored.pk).exists()  # readers see it again
    # One history row per restored article (its creation); restoring the status writes none.
    assert Article.history.count() - history_before == Article.objects.count()


def test_users_missing_here_leave_records_unnamed_and_keep_the_approval(demo_issue, tmp_path):
    path = tmp_path / "issue.json"
    path.write_text(json.dumps(as_json(demo_issue), ensure_ascii=False), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    wipe()
    get_user_model().objects.all().delete()
    err = StringIO()
    call_command("import_issue", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "注意：本库没有这些用户，相关记录的经手人留空：bianji。",
        "注意：已批准的更正须有批准人，为其建了停用、无密码的账号：zhuren。",
    ]
    after = as_json(Issue.objects.get())
    assert {link["decided_by"] for link in after["continuation_links"]} == {None}
    assert {e["user"] for e in after["publication_events"]} == {None}
    flags = [f for p in data["pages"] for a in p["articles"] for f in a["flags_detail"]]
    restored_flags = [f for p in after["pages"] for a in p["articles"] for f in a["flags_detail"]]
    assert [f["resolved_by"] for f in flags].count("bianji") == 1
    assert [f["resolved_by"] for f in restored_flags] == [None] * len(flags)
    assert [f["resolved_at"] for f in restored_flags] == [f["resolved_at"] for f in flags]
    approver = get_user_model().objects.get()
    assert (approver.username, approver.is_active, approver.has_usable_password()) == ("zhuren", False, False)


def test_two_active_links_on_one_marker_are_refused_before_writing(demo_issue):
    data = as_json(demo_issue)
    wipe()
    rejected = next(link for link in data["continuation_links"] if link["status"] == "rejected")
    active = next(link for link in data["continuation_links"] if link["status"] == "auto")
    data["continuation_links"].append({**rejected, "back": active["back"], "status": "proposed"})
    with pytest.raises(RestoreError, match=r"continuation_links\[4\]：其中一个标记已有另一个有效关联"):
        restore_issue(data)
    assert (Issue.objects.count(), Article.objects.count(), ContinuationLink.objects.count()) == (0, 0, 0)


def test_export_keeps_the_parser_keys_and_what_the_store_holds(demo_issue):
    data = as_json(demo_issue)
    page = data["pages"][0]
    article = page["articles"][0]
    parsed = parse_page(page["source"]["text"], page=1).to_json()["articles"][0]
    assert set(PARSER_KEYS) == set(parsed)
    assert {
        "order",
        "version",
        "blocks",
        "imported_text",
        "imported_snapshot",
        "repairs_detail",
        "flags_detail",
        "corrections",
    } <= set(article)
    assert set(page["source"]) == {"name", "encoding", "sha256", "imported_at", "text"}
    repaired = next(a for p in data["pages"] for a in p["articles"] if a["repairs_detail"])
    assert {"paragraph", "offset"} <= set(repaired["repairs_detail"][0])


def test_an_existing_issue_is_refused_and_nothing_changes(demo_issue):
    data = as_json(demo_issue)
    articles = Article.objects.count()
    with pytest.raises(RestoreError, match="已存在"):
        restore_issue(data)
    assert Article.objects.count() == articles


def test_a_bad_export_is_refused_naming_the_place_and_nothing_is_written(demo_issue):
    data = as_json(demo_issue)
    wipe()
    del data["pages"][1]["articles"][0]["headline"]
    data["pages"][1]["articles"][0]["kicker"] = "长" * 400
    with pytest.raises(RestoreError, match=r"pages\[1\]\.articles\[0\]\.kicker 有 400 个字"):
        restore_issue(data)
    assert (Publication.objects.count(), Issue.objects.count(), Article.objects.count()) == (0, 0, 0)


def test_bad_blocks_and_numbers_are_refused_naming_the_place(demo_issue):
    data = as_json(demo_issue)
    wipe()
    for change, message in (
        (
            lambda d: d["pages"][0]["articles"][1].update(blocks=[{"kind": "paragraph", "text": "一\n二"}]),
            r"pages\[0\]\.articles\[1\]\.blocks 第 1 段：一段文字里不能有换行",
        ),
        (
            lambda d: d["pages"][0]["articles"][1].update(version=0),
            r"pages\[0\]\.articles\[1\]\.version 应为 1 到",
        ),
        (lambda d: d.update(number="第1期"), r"number 应为 1 到"),
        (
            lambda d: d["pages"][0]["articles"][0]["markers_detail"].append(
                d["pages"][0]["articles"][0]["markers_detail"][0]
            ),
            r"pages\[0\]\.articles\[0\]\.markers_detail\[1\]\.order：本文已有顺序为 1 的转版标记",
        ),
        (
            lambda d: d["publication_events"][0].update(action="delete"),
            r"publication_events\[0\]\.action 的值",
        ),
    ):
        broken = json.loads(json.dumps(data))
        change(broken)
        with pytest.raises(RestoreError, match=message):
            restore_issue(broken)
        assert (Issue.objects.count(), Article.objects.count()) == (0, 0)


def test_import_issue_command_round_trips_through_a_file(demo_issue, tmp_path, capsys):
    path = tmp_path / "issue.json"
    call_command("export_issue", "--publication", "moumou", "--date", "2026-04-27", "--output", str(path))
    before = without_ids(json.loads(path.read_text(encoding="utf-8")))
    wipe()
    call_command("import_issue", str(path), "--publication", "other")
    assert Publication.objects.get().slug == "other"
    data = without_ids(as_json(Issue.objects.get()))
    assert {**data, "publication": "moumou"} == before
    with pytest.raises(CommandError, match="已存在"):
        call_command("import_issue", str(path), "--publication", "other")


def test_import_issue_command_names_bad_json_by_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "baoku.issue",\n  oops\n}', encoding="utf-8")
    with pytest.raises(CommandError, match="第 3 行第 3 列不是有效的 JSON"):
        call_command("import_issue", str(path))
    path.write_text('{"format": "baoku.issue", "version": 2}', encoding="utf-8")
    with pytest.raises(CommandError, match="导出格式版本为 2，本程序只能恢复版本 3"):
        call_command("import_issue", str(path))
    path.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(CommandError, match="不是报库期次导出文件"):
        call_command("import_issue", str(path))


def test_export_to_an_unwritable_place_is_a_clear_error(demo_issue, tmp_path):
    target = tmp_path / "missing" / "issue.json"
    with pytest.raises(CommandError, match="无法写入"):
        call_command(
            "export_issue", "--publication", "moumou", "--date", "2026-04-27", "--output", str(target)
        )
