"""Importing an issue in the admin: upload, preview, confirm, with the bytes kept on the server."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue, Page, Publication
from editorial import workflow
from editorial.models import ImportRecord
from tests.test_review import staff

pytestmark = pytest.mark.django_db

IMPORT = reverse("editorial_review:import")

PAGE_01 = """# 要闻

## 春耕时节 田间地头处处忙

本报记者 王 浩

眼下正是春耕备耕的关键时期，播种机来回穿梭。(下转04版)

## 某某市启动全民健身月活动

本报讯（通讯员 李 明）4月26日，某某市全民健身月活动启动，将举办各类赛事200余

场，吸引市民广泛参与。(下转04版)
"""

PAGE_04 = """# 综合

## 全民健身月活动

(上接01版)

各区县将同步开展健身讲座和体质测试。

## 春耕时节

（上接第1版）

种粮大户张某说，心里很踏实。
"""


def upload(*files):
    return [SimpleUploadedFile(name, data) for name, data in files]


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.BAOKU_PENDING_DIR = str(tmp_path / "pending")
    return tmp_path / "pending"


@pytest.fixture
def publication():
    return Publication.objects.create(name="某某报", slug="moumou")


@pytest.fixture
def editor(client):
    user = staff("editor", "editorial.import_pages", "archive.view_issue")
    client.force_login(user)
    return user


def preview(client, publication, files, date="2026-05-04", **extra):
    data = {"publication": publication.pk, "date": date, "op": "preview", "files": upload(*files), **extra}
    return client.post(IMPORT, data)


def test_preview_shows_every_page_and_changes_nothing(client, editor, publication, pending_dir):
    response = preview(
        client, publication, [("01.txt", PAGE_01.encode()), ("04.txt", PAGE_04.encode("gb18030"))]
    )
    html = response.content.decode()
    assert response.status_code == 200, html
    for text in (
        "01版",
        "04版",
        "春耕时节 田间地头处处忙",
        "记者 王浩",
        "(下转04版)",
        "（上接第1版）",
        "gb18030",
    ):
        assert text in html, text
    assert "断栏拼接：" in html and "200余 | 场" in html  # the repair, before | after
    assert not Issue.objects.exists()
    assert len(list(pending_dir.iterdir())) == 1


def test_confirm_imports_exactly_the_previewed_bytes_and_keeps_a_record(client, editor, publication):
    response = preview(client, publication, [("01.txt", PAGE_01.encode()), ("04.txt", PAGE_04.encode())])
    token = response.context["token"]
    response = client.post(IMPORT, {"op": "confirm", "token": token})
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "editorial_review:review", args=[issue.pk]
    )
    record = ImportRecord.objects.get()
    assert (record.issue, record.user, record.source) == (issue, editor, "admin")
    assert [f["name"] for f in record.files] == ["01.txt", "04.txt"]
    assert all(len(f["sha256"]) == 64 for f in record.files)
    assert record.repair_count == 1 and record.summary["articles"] == 4
    # Each 上接 piece is linked to its own jump by headline, not by order.
    pairs = {
        (link.jump.article.headline, link.back.article.headline) for link in ContinuationLink.objects.all()
    }
    assert pairs == {("春耕时节 田间地头处处忙", "春耕时节"), ("某某市启动全民健身月活动", "全民健身月活动")}
    # The token is spent: posting it again imports nothing.
    client.post(IMPORT, {"op": "confirm", "token": token})
    assert ImportRecord.objects.count() == 1


def test_a_page_uploaded_later_is_linked_to_the_waiting_jump(client, editor, publication):
    token = preview(client, publication, [("01.txt", PAGE_01.encode())]).context["token"]
    client.post(IMPORT, {"op": "confirm", "token": token})
    assert ContinuationMarker.objects.unlinked().count() == 2
    token = preview(client, publication, [("04.txt", PAGE_04.encode())]).context["token"]
    client.post(IMPORT, {"op": "confirm", "token": token})
    assert ContinuationMarker.objects.unlinked().count() == 0
    assert ImportRecord.objects.count() == 2


def test_a_zip_of_pages_is_accepted(client, editor, publication):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("issue/01.txt", PAGE_01)
        archive.writestr("issue/04.txt", PAGE_04)
        archive.writestr("__MACOSX/._01.txt", b"\x00junk")
    token = preview(client, publication, [("issue.zip", buffer.getvalue())]).context["token"]
    client.post(IMPORT, {"op": "confirm", "token": token})
    assert Page.objects.count() == 2


def test_another_user_cannot_confirm_someone_elses_upload(client, editor, publication):
    token = preview(client, publication, [("01.txt", PAGE_01.encode())]).context["token"]
    client.force_login(staff("other", "editorial.import_pages"))
    response = client.post(IMPORT, {"op": "confirm", "token": token}, follow=True)
    assert "找不到这次上传" in response.content.decode()
    assert not Issue.objects.exists()


def test_tampered_pending_bytes_are_refused(client, editor, publication, pending_dir):
    token = preview(client, publication, [("01.txt", PAGE_01.encode())]).context["token"]
    (pending_dir / token / "000.bin").write_bytes(PAGE_01.replace("春耕", "秋收").encode())
    response = client.post(IMPORT, {"op": "confirm", "token": token}, follow=True)
    assert "已被改动" in response.content.decode()
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("01.txt", b"\x89PNG\r\n\x1a\n\x00\x00")], "01.txt 第 3 行：无法读取"),
        ([("page.txt", PAGE_01.encode())], "page.txt：无法从文件名看出版次"),
        ([("01.txt", PAGE_01.encode()), ("1.txt", PAGE_01.encode())], "01版出现了两次"),
        ([("pages.zip", b"not a zip")], "pages.zip：不是有效的 zip 压缩包"),
    ],
)
def test_bad_uploads_get_a_chinese_error_naming_the_file(client, editor, publication, files, message):
    response = preview(client, publication, files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Issue.objects.exists()


def test_import_needs_the_import_permission(client, publication):
    client.force_login(staff("reader", "archive.view_issue"))
    assert client.get(IMPORT).status_code == 403
    assert preview(client, publication, [("01.txt", PAGE_01.encode())]).status_code == 403
    user = staff("importer")
    user.user_permissions.add(Permission.objects.get(codename="import_pages"))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200


def test_demo_install_upload_of_a_made_up_page_04(client, editor):
    """The done-when walk-through on the demo issue: preview, import, review page."""
    call_command("demo", verbosity=0)
    # demo (re)makes its own "editor" account (role 编辑) with a new password: that ends the session.
    editor.refresh_from_db()
    client.force_login(editor)
    issue = Issue.objects.get()
    publication = issue.publication
    refused = preview(client, publication, [("04.txt", PAGE_04.encode())], date="2026-04-27")
    response = client.post(IMPORT, {"op": "confirm", "token": refused.context["token"]}, follow=True)
    assert "导入被拒绝，什么都没有改变" in response.content.decode()  # the demo issue is published
    workflow.return_to_review(issue)
    made_up_04 = PAGE_04.replace("全民健身月活动", "书香沁政协")
    response = preview(client, publication, [("04.txt", made_up_04.encode())], date="2026-04-27")
    assert "将覆盖已有版面" not in response.content.decode()
    client.post(IMPORT, {"op": "confirm", "token": response.context["token"]})
    assert issue.pages.count() == 4
    back = ContinuationMarker.objects.get(article__page__number=4, article__headline="书香沁政协")
    # The sample 01版 prints no (下转04版): every 01版 jump already has its part, so this one waits, explained.
    assert back.active_link is None
    client.force_login(staff("linker", "archive.view_issue", "archive.decide_continuationlink"))
    html = client.get(reverse("editorial_review:review", args=[issue.pk])).content.decode()
    assert "01版的“下转”标记写的不是04版" in html
    # The 01版 jump whose headline fits is offered, marked as page-inconsistent and as held by 02版.
    jump = ContinuationMarker.objects.get(article__page__number=1, article__headline__startswith="书香沁政协")
    assert "候选（版次不符）：" + jump.label in html
    assert "标题相近的候选已与其他版关联" in html
    # Once the editor frees that jump, the review page offers it with a reason field, and linking works.
    jump.active_link.delete()
    html = client.get(reverse("editorial_review:review", args=[issue.pk])).content.decode()
    assert "下列标题相近的候选如确属同一篇，请填写说明后关联" in html
    assert 'name="reason" required placeholder="版次不符，请填写说明"' in html
    link_url = reverse("editorial_review:link", args=[issue.pk])
    client.post(link_url, {"op": "link", "jump": jump.pk, "back": back.pk, "reason": "演示：04版为补登"})
    back.refresh_from_db()
    assert back.active_link is not None and back.active_link.jump_id == jump.pk
    assert back.active_link.reason == "演示：04版为补登"
    assert Article.objects.filter(issue=issue, page__number=4).count() == 2


def test_the_issue_admin_page_lists_its_import_records(client, editor, publication):
    token = preview(client, publication, [("01.txt", PAGE_01.encode())]).context["token"]
    client.post(IMPORT, {"op": "confirm", "token": token})
    issue = Issue.objects.get()
    client.force_login(staff("viewer", "archive.view_issue", "editorial.view_importrecord"))
    html = client.get(reverse("admin:archive_issue_change", args=[issue.pk])).content.decode()
    assert "导入记录" in html and "后台上传" in html and "01.txt" in html
    assert reverse("editorial_review:review", args=[issue.pk]) in html


def test_the_command_keeps_a_record_too(sample_dir, publication, capsys):
    call_command(
        "import_pages",
        "--publication",
        "moumou",
        "--date",
        "2026-04-27",
        str(sample_dir / "moumou" / "2026-04-27"),
    )
    record = ImportRecord.objects.get()
    assert (record.source, record.user) == ("command", None)
    assert [f["page"] for f in record.files] == ["01", "02", "03"]
    assert record.flag_count == len(record.flags) > 0


def test_link_continuations_prints_the_report_in_chinese(sample_dir, publication):
    call_command(
        "import_pages",
        "--publication",
        "moumou",
        "--date",
        "2026-04-27",
        str(sample_dir / "moumou" / "2026-04-27"),
    )
    ContinuationLink.objects.filter(jump__text="(下转03版)").delete()
    out = io.StringIO()
    call_command("link_continuations", "--publication", "moumou", "--date", "2026-04-27", stdout=out)
    text = out.getvalue()
    assert (
        "01版 · 中共中央办公厅国务院办公厅 关于加强新就业群体服务管理的意见(下转03版)：自动关联 → 03版"
        in text
    )
    assert "8 个转版标记，8 个已关联，0 个待确认，0 个未关联" in text
    with pytest.raises(CommandError, match="找不到期次"):
        call_command("link_continuations", "--publication", "moumou", "--date", "2026-04-28")
