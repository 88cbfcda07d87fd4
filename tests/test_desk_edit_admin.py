"""The article admin: text editing with a reason, stale saves refused with nothing lost, revisions, restore."""

import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.bodytext import blocks_to_text
from archive.models import Article, Byline, ContinuationLink, ContinuationMarker, Correction, Status
from archive.vocabulary import load_archive_words
from editorial.labels import FLAG_KINDS, REPAIR_KINDS
from tests.desk_edit_support import make_article, make_user, publish

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def form_data(client, article, **changes):
    """The change form as the browser would post it, from the page the user just opened."""
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{key}": value for key, value in fs.management_form.initial.items()})
        for i, f in enumerate(fs.forms):
            for name in f.fields:
                value = f[name].value()
                data[f"{fs.prefix}-{i}-{name}"] = "" if value is None or value is False else value
    data.update(changes)
    return data


def test_change_page_shows_text_not_json(admin_client):
    article = make_article()
    response = admin_client.get(change_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    textarea = re.search(r'<textarea name="body_text"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "**一、总体要求**" in textarea and "【图注】图为活动现场。" in textarea
    assert "&quot;kind&quot;" not in html and '"kind"' not in html
    assert "疑似重字" in html and "doubled_char" not in html  # flag kinds in Chinese
    assert "断栏拼接" in html and "column_break" not in html
    for name in ("section", "kicker", "headline", "subtitle"):
        assert f'name="{name}"' in html
    assert 'name="status"' not in html  # publication is not changed from the article form


def test_change_page_shows_whether_each_flag_was_checked(admin_client, admin_user):
    article = make_article()
    assert "疑似重字</strong>：绝不不仅（待处理）" in admin_client.get(change_url(article)).content.decode()
    article.flag_reviews.get().resolve(admin_user)
    html = admin_client.get(change_url(article)).content.decode()
    assert f"疑似重字</strong>：绝不不仅（已处理：{admin_user.username}，" in html and "待处理" not in html


# Queries for the article change page: session, user, article, its errata, bylines, markers and the
# link rows of both their sides, tags, the tag suggestions (frequencies, sample size, tags it has), its
# flags with who resolved them, content types for the inline permissions, and the selected values of
# the autocomplete widgets.
CHANGE_PAGE_QUERIES = 21


def test_change_page_query_count_is_pinned(admin_client, django_assert_num_queries):
    article = make_article()
    Correction.objects.create(article=article, note="说明", printed_text="甲", corrected_text="乙")
    ContentType.objects.clear_cache()  # the same count whichever tests ran before
    load_archive_words()  # read once per process, then kept up to date
    with django_assert_num_queries(CHANGE_PAGE_QUERIES):
        assert admin_client.get(change_url(article)).status_code == 200
    for i in range(5):
        Correction.objects.create(
            article=article, note=f"说明{i}", printed_text="甲", corrected_text=f"乙{i}"
        )
        ContinuationMarker.objects.create(article=article, kind="back", text="(上接01版)", order=i + 2)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(CHANGE_PAGE_QUERIES):
        assert admin_client.get(change_url(article)).status_code == 200


def test_every_parser_kind_has_a_chinese_label():
    parsing = Path(__file__).resolve().parent.parent / "archive" / "parsing"
    source = "".join(p.read_text(encoding="utf-8") for p in parsing.glob("*.py"))
    flags = set(re.findall(r'Flag\("([a-z_]+)"', source))
    repairs = set(re.findall(r'Repair\("([a-z_]+)"', source))
    assert flags and repairs
    assert flags <= set(FLAG_KINDS) and repairs <= set(REPAIR_KINDS)


def test_edit_body_as_text_with_reason(client, django_user_model):
    editor = make_user(django_user_model, "bianji", superuser=True)
    client.force_login(editor)
    article = make_article()
    text = blocks_to_text(article.body).replace("绝不不仅", "绝不仅")
    response = client.post(
        change_url(article), form_data(client, article, body_text=text, change_reason="改正叠字")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.body[2] == {"kind": "paragraph", "text": "绝不仅是一句口号。"}
    assert article.version == 2
    record = article.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason, record.version) == (editor, "改正叠字", 2)
    assert record.body == article.body


def test_text_change_needs_a_reason_and_valid_markup(admin_client):
    article = make_article()
    data = form_data(admin_client, article, body_text="## 标题\n正文。", change_reason="")
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "第 1 行：正文里不能有“#”标题标记" in errors["body_text"][0]
    data = form_data(admin_client, article, headline="新标题", change_reason="")
    response = admin_client.post(change_url(article), data)
    assert response.context["adminform"].form.errors["change_reason"] == [
        "修改了文字或标题组，请写明修改原因。"
    ]
    data = form_data(admin_client, article, body_text="  \n", change_reason="清空")
    response = admin_client.post(change_url(article), data)
    assert "正文不能为空" in response.context["adminform"].form.errors["body_text"][0]
    article.refresh_from_db()
    assert (article.headline, article.version) == ("致敬环卫劳动者", 1)


def test_stale_save_is_refused_and_typed_text_kept(client, django_user_model):
    first = make_user(django_user_model, "zhang", superuser=True)
    second = make_user(django_user_model, "lisi", superuser=True)
    article = make_article()
    client.force_login(first)
    mine = form_data(client, article, headline="张编辑的标题", change_reason="改标题")
    # Meanwhile 李 opens the same article and saves first.
    client.force_login(second)
    theirs = form_data(client, article, subtitle="——李编辑的副题", change_reason="改副题")
    assert client.post(change_url(article), theirs).status_code == 302
    client.force_login(first)
    response = client.post(change_url(article), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "在你打开这篇文章之后，lisi（" in html and "保存了新的版本（现为第 2 版）" in html
    assert "<ins>李编辑的</ins>" in html  # what the other editor changed
    assert "<del>致敬环卫劳动者</del><ins>张编辑的标题</ins>" in html  # mine against theirs
    assert 'value="张编辑的标题"' in html  # nothing typed is lost
    article.refresh_from_db()
    assert (article.headline, article.subtitle, article.version) == ("致敬环卫劳动者", "——李编辑的副题", 2)
    # The re-shown form now carries the newer version: saving again (after reading) goes through.
    form = response.context["adminform"].form
    assert form["loaded_version"].value() == "2"
    response = client.post(change_url(article), {**mine, "loaded_version": "2"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.version) == ("张编辑的标题", 3)


def test_revision_diff_and_restore_round_trip(admin_client, admin_user):
    article = make_article()
    publish(article.issue)
    original = article.body
    text = blocks_to_text(original).replace("绝不不仅", "绝不仅")
    admin_client.post(
        change_url(article), form_data(admin_client, article, body_text=text, change_reason="改正叠字")
    )
    revisions_url = reverse("admin:archive_article_history", args=[article.pk])
    response = admin_client.get(revisions_url)
    html = response.content.decode()
    for column in ("时间", "修改人", "修改原因", "版本"):
        assert f">{column}</th>" in html
    assert "改正叠字" in html and "None" not in html and "导入原样" in html
    assert "绝<del>不</del>不仅" in html or "绝不<del>不</del>仅" in html
    # Any two revisions, including the text as imported.
    newest = article.history.order_by("-history_id").first()
    response = admin_client.get(revisions_url, {"a": "imported", "b": str(newest.history_id)})
    assert [row["label"] for row in response.context["diff"]] == ["正文"]
    # Restore the text as imported: a new revision, publication untouched.
    restore_url = reverse("admin:archive_article_restore", args=[article.pk, "imported"])
    page = admin_client.get(restore_url)
    assert "<ins>不</ins>" in page.content.decode()
    response = admin_client.post(restore_url, {"version": "2", "note": "核对原版"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == original and article.version == 3
    record = article.history.order_by("-history_id").first()
    assert record.history_change_reason == "恢复到导入原样的版本：核对原版"
    assert Article.objects.published().filter(pk=article.pk).exists()
    article.issue.refresh_from_db()
    assert article.issue.status == Status.PUBLISHED
    # A restore from a stale confirmation page writes nothing.
    response = admin_client.post(restore_url, {"version": "2"})
    article.refresh_from_db()
    assert article.version == 3


def test_html_in_text_is_escaped_in_diffs(admin_client):
    article = make_article()
    text = blocks_to_text(article.body) + "\n<script>alert(1)</script>"
    admin_client.post(
        change_url(article), form_data(admin_client, article, body_text=text, change_reason="试")
    )
    html = admin_client.get(reverse("admin:archive_article_history", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_markers_are_linked_as_pairs_not_from_the_article_form(admin_client):
    """Links are ContinuationLink rows decided on the review page; the article form shows them read-only."""
    article = make_article()
    data = form_data(admin_client, article, change_reason="关联转版")
    prefix = next(k.split("-")[0] for k in data if k.endswith("-TOTAL_FORMS") and "marker" in k)
    data.update({f"{prefix}-0-linked_article": str(article.pk), f"{prefix}-0-link_status": "confirmed"})
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302
    marker = ContinuationMarker.objects.get(article=article)
    assert not ContinuationLink.objects.exists()
    assert "未关联" in admin_client.get(change_url(article)).content.decode()
    own_back = ContinuationMarker.objects.create(article=article, kind="back", text="(上接01版)", order=2)
    with pytest.raises(ValidationError) as refused:
        ContinuationLink.link(marker, own_back, None, reason="试")
    assert "不能把一篇文章接到它自己。" in refused.value.messages


def test_duplicate_byline_message_is_chinese(admin_client):
    article = make_article()
    data = form_data(admin_client, article, change_reason="加署名")
    prefix = next(k.split("-")[0] for k in data if k.endswith("-TOTAL_FORMS") and "byline" in k)
    byline = Byline.objects.get(article=article)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-1-order": "2",
            f"{prefix}-1-role": byline.role,
            f"{prefix}-1-contributor": str(byline.contributor_id),
        }
    )
    response = admin_client.post(change_url(article), data)
    html = response.content.decode()
    assert response.status_code == 200
    # The merged admin's wording for every inline (editorial.admin.common.VerboseInlineFormSet).
    assert "作者、身份完全相同，请删去或修改重复的一行。" in html
    assert "请修改contributor" not in html and "请修正contributor" not in html


def test_byline_change_is_in_history_with_reason(admin_client, admin_user):
    article = make_article()
    data = form_data(admin_client, article, change_reason="改身份")
    prefix = next(k.split("-")[0] for k in data if k.endswith("-TOTAL_FORMS") and "byline" in k)
    data[f"{prefix}-0-role"] = "通讯员"
    assert admin_client.post(change_url(article), data).status_code == 302
    record = Byline.history.order_by("-history_id").first()
    assert (record.role, record.history_change_reason, record.history_user) == (
        "通讯员",
        "改身份",
        admin_user,
    )


def test_erratum_approval_in_admin(client, django_user_model):
    article = make_article()
    correction = Correction.objects.create(
        article=article, note="特此更正。", printed_text="绝不不仅", corrected_text="绝不仅"
    )
    url = reverse("admin:archive_correction_changelist")
    editor = make_user(django_user_model, "bianji", perms=["view_correction", "change_correction"])
    client.force_login(editor)
    response = client.get(url)
    assert "approve_corrections" not in response.content.decode()
    client.post(url, {"action": "approve_corrections", "_selected_action": [correction.pk]})
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING
    chief = make_user(
        django_user_model, "zhuren", perms=["view_correction", "change_correction", "approve_correction"]
    )
    client.force_login(chief)
    assert "approve_corrections" in client.get(url).content.decode()
    response = client.post(
        url, {"action": "approve_corrections", "_selected_action": [correction.pk]}, follow=True
    )
    assert "已批准 1 条更正" in response.content.decode()
    correction.refresh_from_db()
    assert (correction.status, correction.approved_by) == (Correction.Status.APPROVED, chief)


def test_revisions_page_queries_do_not_grow_with_revisions(admin_client, admin_user):
    from editorial.revisions import save_article

    article = make_article()
    url = reverse("admin:archive_article_history", args=[article.pk])

    def edit(times):
        for i in range(times):
            article.headline = f"{article.headline}{i}"
            save_article(article, article.version, ["headline"], admin_user, f"第{i}次")
            Byline.objects.filter(article=article).update(order=i + 1)
            byline = Byline.objects.get(article=article)
            byline._change_reason = f"署名{i}"
            byline.save()

    edit(2)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    edit(6)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries) <= 8
    assert len(response.context["revisions"]) == 1 + 8 + 1  # import record, edits, text as imported


def test_unchanged_save_writes_nothing_and_erratum_inline_records_proposer(admin_client, admin_user):
    article = make_article()
    assert admin_client.post(change_url(article), form_data(admin_client, article)).status_code == 302
    article.refresh_from_db()
    assert article.version == 1 and article.history.count() == 1
    data = form_data(admin_client, article)
    prefix = next(k.split("-")[0] for k in data if k.endswith("-TOTAL_FORMS") and "correction" in k)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-note": "本报4月27日01版有误，特此更正。",
            f"{prefix}-0-printed_text": "绝不不仅",
            f"{prefix}-0-corrected_text": "绝不仅",
        }
    )
    assert admin_client.post(change_url(article), data).status_code == 302
    correction = Correction.objects.get(article=article)
    assert (correction.created_by, correction.status) == (admin_user, Correction.Status.PENDING)
    article.refresh_from_db()
    assert article.version == 2
    assert article.history.order_by("-history_id").first().history_change_reason == "提出更正"


def test_add_article_with_text(admin_client, admin_user):
    existing = make_article()
    data = {
        "issue": str(existing.issue_id),
        "page": str(existing.page_id),
        "order": "9",
        "headline": "更正启事",
        "body_text": "本报4月27日01版刊发的稿件中有误，特此更正。",
        "change_reason": "",
    }
    for prefix in ("bylines", "markers", "corrections", "tagged"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(reverse("admin:archive_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Article.objects.get(headline="更正启事")
    assert added.body == [{"kind": "paragraph", "text": "本报4月27日01版刊发的稿件中有误，特此更正。"}]
    record = added.history.get()
    assert (record.history_user, record.history_change_reason, added.version) == (admin_user, "新建文章", 1)


@pytest.mark.parametrize("stored", [["只是字符串"], "abc", [{"kind": "quote", "text": "一\n二"}, 3]])
def test_a_broken_stored_body_opens_for_repair(admin_client, stored):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=stored)
    Article.history.filter(id=article.pk).update(body=stored)
    response = admin_client.get(change_url(article))
    assert response.status_code == 200
    assert "存储的正文格式有误" in response.content.decode()
    assert admin_client.get(reverse("admin:archive_article_history", args=[article.pk])).status_code == 200
    data = form_data(admin_client, article, change_reason="修复正文格式")
    assert admin_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body and all(set(b) == {"kind", "text"} for b in article.body)


def test_revision_keys_of_another_article_are_refused(admin_client):
    article, other = make_article(), make_article(headline="另一篇")
    foreign = other.history.get().history_id
    url = reverse("admin:archive_article_history", args=[article.pk])
    response = admin_client.get(url, {"a": str(foreign), "b": "imported"}, follow=True)
    assert "没有找到所选的修订版本" in response.content.decode()
    for key in (str(foreign), "abc"):
        restore = reverse("admin:archive_article_restore", args=[article.pk, key])
        assert admin_client.get(restore).status_code == 404


def test_view_only_user_sees_revisions_but_cannot_restore(client, django_user_model):
    article = make_article()
    reader = make_user(django_user_model, "zhidu", perms=["view_article"])
    client.force_login(reader)
    response = client.get(reverse("admin:archive_article_history", args=[article.pk]))
    assert response.status_code == 200 and "恢复此版本" not in response.content.decode()
    restore = reverse("admin:archive_article_restore", args=[article.pk, "imported"])
    assert client.post(restore, {"version": "1"}).status_code == 403


def test_a_link_without_status_is_a_form_error(admin_client):
    article, other = make_article(), make_article(headline="续篇", number=2)
    jump = ContinuationMarker.objects.get(article=article)
    back = ContinuationMarker.objects.create(
        article=other, kind="back", text="(上接01版)", page_number=1, order=2
    )
    data = {"jump": jump.pk, "back": back.pk, "status": "", "reason": ""}
    response = admin_client.post(reverse("admin:archive_continuationlink_add"), data)
    assert response.status_code == 200
    assert "这个字段是必填项" in str(response.context["adminform"].form.errors["status"])
    assert not ContinuationLink.objects.exists()
