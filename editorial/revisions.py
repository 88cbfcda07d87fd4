"""An article's revisions: versioned saves, readable diffs between any two versions, and restore.

Revisions live in django-simple-history (``Article.history``): who (history_user), when
(history_date), why (history_change_reason, the required 修改原因). The text as imported is kept
by the history record the import wrote (reason 导入 or 重新导入); an article imported before the
compact import snapshot still carries a full copy in ``Article.imported_snapshot``, offered as a
revision of its own. Every write of an article's
text goes through ``save_article``: one ``UPDATE … WHERE id = … AND version = …`` that either
writes and bumps the version or writes nothing, so of two editors the later one is refused,
never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from archive.bodytext import blocks_to_text, salvage_blocks
from archive.models import Article, Byline, ContinuationMarker
from archive.models.articles import FIRST_REVISION_REASON, before_article_change, first_version_user

from .diffing import inline_diff

IMPORTED = "imported"  # the revision key of the text as imported

# Fields a revision shows and restore brings back: the headline group, dates and the body
# (Article.EDITABLE_FIELDS). Never status or position: restoring text must not take an article
# off the site or move it.
REVISION_FIELDS = {name: str(Article._meta.get_field(name).verbose_name) for name in Article.EDITABLE_FIELDS}

# Large fields a list of revisions does not need (the texts are read for the two compared only).
HEAVY_FIELDS = ("body", "repairs", "flags")

HISTORY_TYPES = {"+": "新建", "~": "修改", "-": "删除"}
# What a record without a reason was, for records written before reasons were required.
UNSTATED_REASONS = {"+": "新建（导入或后台添加）", "-": "删除"}


class StaleEdit(Exception):
    """Someone saved the article after this form was loaded; nothing was written."""

    def __init__(self, article_id: int, loaded_version: int):
        self.article_id, self.loaded_version = article_id, loaded_version
        super().__init__(f"文章 {article_id} 已不是第 {loaded_version} 版")


def when(moment: dt.datetime | None) -> str:
    """A revision's time the way the newsroom reads it (local time, to the second)."""
    return date_format(timezone.localtime(moment), "Y年n月j日 H:i:s") if moment else "—"


def who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "系统（导入或命令）"


@dataclass
class Revision:
    """One version of an article's text, from history or from the import snapshot."""

    key: str  # history_id as a string, or IMPORTED
    source: object  # the history record or the snapshot dict; read only when values are needed
    date: dt.datetime | None
    user: str
    reason: str
    kind: str
    version: int | None

    @cached_property
    def values(self) -> dict:
        return values_of(self.source)

    @property
    def label(self) -> str:
        if self.key == IMPORTED:
            return "导入原样"
        return f"{when(self.date)} {self.user}"


def values_of(source) -> dict:
    """The revision fields of an article, a history record or an import snapshot, as display text."""
    get = source.get if isinstance(source, dict) else lambda name: getattr(source, name, None)
    values = {name: get(name) for name in REVISION_FIELDS}
    date = values["document_date"]
    values["document_date"] = date.isoformat() if isinstance(date, dt.date) else (date or "")
    values["body"] = salvage_blocks(values["body"])
    return {name: "" if value is None else value for name, value in values.items()}


def from_history(record) -> Revision:
    return Revision(
        key=str(record.history_id),
        source=record,
        date=record.history_date,
        user=who(record.history_user),
        reason=record.history_change_reason or UNSTATED_REASONS.get(record.history_type, "（未写原因）"),
        kind=HISTORY_TYPES.get(record.history_type, record.history_type),
        version=getattr(record, "version", None),
    )


def imported_revision(article: Article, has_history: bool | None = None) -> Revision | None:
    """The text as imported, when no history record holds it.

    An article imported in bulk has no history until it first changes (see
    ``archive.models.articles.before_article_change``): its current row is the imported version,
    shown as the import's "+" record would be. An article imported before the compact import
    snapshot carries a full copy in ``imported_snapshot``, offered as a revision of its own; the
    compact snapshot (a checksum) leaves that to the import's history record.
    """
    if has_history is None:
        has_history = article.pk is not None and article.history.exists()
    if not has_history and article.pk is not None:
        return Revision(
            IMPORTED,
            article.snapshot(),
            article.created_at,
            who(first_version_user(article)),
            FIRST_REVISION_REASON,
            HISTORY_TYPES["+"],
            article.version,
        )
    if not article.imported_snapshot or "sha1" in article.imported_snapshot:
        return None
    return Revision(IMPORTED, article.imported_snapshot, article.created_at, "导入", "导入原样", "导入", 1)


def history_of(article: Article):
    """The article's history records, newest first, with their users, in one query."""
    return article.history.select_related("history_user").order_by("-history_date", "-history_id")


def revisions(article: Article, limit: int = 200) -> list[Revision]:
    """The newest revisions (at most ``limit``), then the text as imported; texts are not loaded."""
    found = [from_history(r) for r in history_of(article).defer(*HEAVY_FIELDS)[:limit]]
    imported = imported_revision(article, has_history=bool(found))
    return [*found, imported] if imported else found


def revision(article: Article, key: str) -> Revision | None:
    """One revision of this article by key, or None when it is not one of this article's."""
    if key == IMPORTED:
        return imported_revision(article)
    if not key.isdigit():
        return None
    record = history_of(article).filter(history_id=int(key)).first()
    return from_history(record) if record else None


def as_text(values: dict, name: str) -> str:
    value = values.get(name, "")
    return blocks_to_text(value) if name == "body" else str(value)


def diff(old: dict, new: dict) -> list[dict]:
    """Changed fields between two revisions: label, and the inline character diff."""
    rows = []
    for name, label in REVISION_FIELDS.items():
        before, after = as_text(old, name), as_text(new, name)
        if before != after:
            rows.append({"name": name, "label": label, "diff": inline_diff(before, after)})
    return rows


def credit_changes(article: Article, limit: int = 100) -> list[dict]:
    """Changes to the article's bylines and jump/back lines, newest first (two queries)."""
    rows = []
    bylines = Byline.history.filter(article_id=article.pk).select_related("history_user", "contributor")
    for r in bylines.order_by("-history_date")[:limit]:
        what = f"{r.role} {r.contributor.name if r.contributor else ''}（署名第 {r.order} 位）"
        rows.append(_credit_row(r, "署名", what))
    markers = ContinuationMarker.history.filter(article_id=article.pk).select_related("history_user")
    for r in markers.order_by("-history_date")[:limit]:
        # Links themselves are ContinuationLink rows with who decided and when (the review page shows them).
        rows.append(_credit_row(r, "转版标记", f"{r.text}（第 {r.order} 个）"))
    return sorted(rows, key=lambda row: row["date"], reverse=True)[:limit]


def _credit_row(record, kind: str, what: str) -> dict:
    return {
        "date": record.history_date,
        "user": who(record.history_user),
        "reason": record.history_change_reason or UNSTATED_REASONS.get(record.history_type, "（未写原因）"),
        "kind": f"{kind}{HISTORY_TYPES.get(record.history_type, '')}",
        "what": what,
    }


def newer_revisions(article_id: int, version: int):
    """Saves recorded after the given version, oldest first: who came in between."""
    return list(
        Article.history.filter(id=article_id, version__gt=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


@dataclass
class Conflict:
    """What an editor needs when their save is refused: who saved since, and what differs."""

    current_version: int
    savers: list[str]
    their_changes: list[dict]  # loaded version -> newest version
    against_mine: list[dict]  # newest version -> the text the editor typed


def conflict(article_id: int, loaded_version: int, current_version: int, typed: dict) -> Conflict:
    """Describe a stale save from history: the saves after loaded_version and the diffs."""
    newer = newer_revisions(article_id, loaded_version)
    savers = list(dict.fromkeys(f"{who(r.history_user)}（{when(r.history_date)}）" for r in newer))
    loaded = Article.history.filter(id=article_id, version=loaded_version).order_by("-history_id").first()
    latest = newer[-1] if newer else None
    theirs = diff(values_of(loaded), values_of(latest)) if loaded and latest else []
    mine = diff(values_of(latest), values_of(typed)) if latest else []
    return Conflict(current_version, savers, theirs, mine)


def save_article(article: Article, loaded_version: int, fields: list[str], user, reason: str) -> None:
    """Write the given fields if the article is still at loaded_version, and record the revision.

    The check and the write are one UPDATE; on a stale version nothing is written and StaleEdit
    is raised. The revision is recorded from the written values, with who and why.
    """
    now = timezone.now()
    values = {
        attname: getattr(article, attname) for attname in (Article._meta.get_field(n).attname for n in fields)
    }
    with transaction.atomic():
        before_article_change(article)
        rows = Article.objects.filter(pk=article.pk, version=loaded_version).update(
            version=F("version") + 1, updated_at=now, **values
        )
        if rows != 1:
            raise StaleEdit(article.pk, loaded_version)
        article.version, article.updated_at = loaded_version + 1, now
        article._change_reason = reason[:100]  # history_change_reason is a CharField(100)
        Article.history.bulk_history_create([article], update=True, default_user=user, default_date=now)


def restore(article: Article, target: Revision, loaded_version: int, user, note: str = "") -> None:
    """Bring back a revision's headline group and body as a new revision; publication is untouched."""
    for name in REVISION_FIELDS:
        value = target.values[name]
        if name == "document_date":
            value = dt.date.fromisoformat(value) if value else None
        setattr(article, name, value)
    reason = f"恢复到{target.label}的版本" + (f"：{note}" if note else "")
    save_article(article, loaded_version, list(REVISION_FIELDS), user, reason)
