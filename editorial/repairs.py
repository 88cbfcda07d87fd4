"""Undo or confirm the column breaks the importer joined (断栏拼接), each recorded on the article.

A repair records the paragraph (index among the article's paragraphs, subheads not counted) and
the offset where two printed paragraphs were joined. Undoing splits the paragraph back at that
place as a revision with the reason "撤销分栏修复"; confirming records who looked at it. The
repair's state lives in its own entry of ``Article.repairs`` ("state", "by", "at").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from archive.models import Article

UNDO_REASON = "撤销分栏修复"
PENDING, CONFIRMED, UNDONE = "pending", "confirmed", "undone"
STATE_LABELS = {PENDING: "待确认", CONFIRMED: "已确认", UNDONE: "已撤销"}
ELLIPSIS = "…"


def state_of(repair: dict) -> str:
    return repair.get("state") or PENDING


def body_index(body: list[dict], paragraph: int) -> int | None:
    """The position in the body of the n-th paragraph (subheads are not paragraphs)."""
    seen = -1
    for index, block in enumerate(body):
        if block.get("kind") != "subhead":
            seen += 1
            if seen == paragraph:
                return index
    return None


def split_point_matches(text: str, offset: int, repair: dict) -> bool:
    """Say whether the text around the offset is still what the importer joined there.

    A snippet may reach past an earlier join that was already undone, so a piece shorter than
    its snippet matches when it is the snippet's end (before) or start (after).
    """
    before = (repair.get("before") or "").removeprefix(ELLIPSIS)
    after = (repair.get("after") or "").removesuffix(ELLIPSIS)
    head, tail = text[:offset], text[offset:]
    return (
        0 < offset < len(text)
        and (head.endswith(before) or before.endswith(head))
        and (tail.startswith(after) or after.startswith(tail))
    )


def split_body(body: list[dict], repairs: list[dict], index: int) -> tuple[list[dict], list[dict]]:
    """Pure: the body and repairs after splitting repair ``index`` back, or ValidationError."""
    repair = repairs[index]
    if state_of(repair) == UNDONE:
        raise ValidationError("这处修复已经撤销过了。")
    paragraph, offset = repair.get("paragraph"), repair.get("offset")
    if paragraph is None or offset is None:
        raise ValidationError("这处修复没有记录拼接位置，请在文章中手工分段。")
    at = body_index(body, paragraph)
    if at is None or not split_point_matches(body[at]["text"], offset, repair):
        raise ValidationError("正文在拼接处已被修改，无法自动撤销，请在文章中手工分段。")
    text = body[at]["text"]
    first, second = {**body[at], "text": text[:offset]}, {**body[at], "text": text[offset:]}
    new_body = [*body[:at], first, second, *body[at + 1 :]]
    new_repairs = []
    for i, other in enumerate(repairs):
        other = dict(other)
        if i != index and state_of(other) != UNDONE:
            if other.get("paragraph") == paragraph and (other.get("offset") or 0) > offset:
                other["paragraph"], other["offset"] = paragraph + 1, other["offset"] - offset
            elif (other.get("paragraph") or 0) > paragraph:
                other["paragraph"] += 1
        new_repairs.append(other)
    return new_body, new_repairs


def stamp(repair: dict, state: str, user) -> dict:
    """The repair with its new state and who set it when."""
    who = user.get_username() if user is not None else ""
    return {**repair, "state": state, "by": who, "at": timezone.now().isoformat(timespec="seconds")}


def locked(article_id: int) -> Article:
    return Article.objects.select_for_update().get(pk=article_id)


def check_index(article: Article, index: int) -> None:
    if not 0 <= index < len(article.repairs or []):
        raise ValidationError("没有这处修复。")


def undo_repair(article_id: int, index: int, user) -> Article:
    """Split the paragraph back where the importer joined it, as a revision with the reason 撤销分栏修复."""
    with transaction.atomic():
        article = locked(article_id)
        check_index(article, index)
        body, repairs = split_body(article.body, article.repairs, index)
        repairs[index] = stamp(repairs[index], UNDONE, user)
        article.body, article.repairs = body, repairs
        article._change_reason = UNDO_REASON
        article._history_user = user
        article.save()
        bump_version(article)
    return article


def confirm_repair(article_id: int, index: int, user) -> Article:
    """Record that an editor checked the join and it is right; the text does not change."""
    with transaction.atomic():
        article = locked(article_id)
        check_index(article, index)
        if state_of(article.repairs[index]) == UNDONE:
            raise ValidationError("这处修复已经撤销，不能再确认。")
        repairs = list(article.repairs)
        repairs[index] = stamp(repairs[index], CONFIRMED, user)
        Article.objects.filter(pk=article.pk).update(repairs=repairs)
        article.repairs = repairs
    return article


def bump_version(article: Article) -> None:
    """Bump the optimistic-concurrency version when the model has one (desk-edit adds Article.version)."""
    if any(f.name == "version" for f in Article._meta.concrete_fields):
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
