"""Re-import a stored page in place: articles keep their ids, editors' work is never silently undone.

For each thing an editor can change (text and headline group, bylines, agency and dateline,
page name and credits, an added or deleted article, a link decision) three values are compared:
what is stored now, what the last import wrote (the compact snapshots) and what the new file says.
The file's value is taken when the editor left the thing alone; the editor's value stays when
the file did not change it; when both changed the page is refused unless ``--replace``, and then
every change is a revision (reason 重新导入) that can be seen and restored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from archive.models import Article, Byline, ContinuationMarker, Page, RetiredArticle
from archive.models.articles import IMPORTED_BY_KEY
from archive.text.similarity import normalise_title as fold

from . import markers as marker_writes
from .base import REIMPORT_REASON, PageInput, PageResult, title
from .contributors import ContributorRegistry, agency_key, person_key
from .creating import contributor_keys, create_articles, fill_page
from .matching import Side, match_articles
from .snapshots import (
    article_fields,
    article_snapshot,
    fields_digest,
    imported_digest,
    imported_headline,
    page_imported,
    parsed_agency,
    parsed_bylines,
    record_imported_text,
)

RETIRED_REASON = "重新导入后原文中已无此文"
TEMPORARY_ORDER_TOP = 32767  # PositiveSmallIntegerField's top; kept articles park below it while renumbering


def decide(current, imported, new, replace: bool) -> tuple[bool, bool]:
    """(take the file's value, conflict) for one thing an editor may have changed."""
    if current == new:
        return False, False
    if replace:
        return True, False
    if new == imported:  # the file did not change it: whatever is stored (an editor's value) stands
        return False, False
    if current == imported:  # nobody touched it: the file's new value is taken
        return True, False
    return False, True


@dataclass
class Stored:
    """A stored article with what a re-import compares: bylines as (name, role) and markers."""

    article: Article
    bylines: list[list[str]]
    markers: list[ContinuationMarker]

    @property
    def agency(self) -> str:
        return self.article.agency.name if self.article.agency_id else ""

    @property
    def snapshot(self) -> dict:
        return self.article.imported_snapshot or {}

    def edited(self) -> bool:
        s = self.snapshot
        return (
            self.article.snapshot_digest() != imported_digest(self.article)
            or self.bylines != s.get("bylines", self.bylines)
            or self.agency != s.get("agency", self.agency)
        )


@dataclass
class Update:
    """What to change on one matched article."""

    stored: Stored
    fields: dict
    take_fields: bool
    take_bylines: bool
    take_agency: bool
    edited: bool


@dataclass
class PagePlan:
    item: PageInput
    page: Page
    updates: dict[int, Update] = field(default_factory=dict)  # new index -> update
    new: list[int] = field(default_factory=list)
    retired: list[Stored] = field(default_factory=list)
    added: list[Article] = field(default_factory=list)
    take_name: bool = False
    take_credits: bool = False
    conflicts: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.changes)


def load_stored(page: Page) -> tuple[list[Stored], list[Article]]:
    """The page's imported articles (with bylines and markers) and the articles editors added."""
    articles = (
        page.articles.select_related("agency")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("contributor").order_by("order")),
            Prefetch("markers", queryset=ContinuationMarker.objects.order_by("order")),
        )
        .order_by("order")
    )
    stored, added = [], []
    for article in articles:
        if not article.imported_snapshot:
            added.append(article)
            continue
        bylines = [[b.contributor.name, b.role] for b in article.bylines.all()]
        stored.append(Stored(article, bylines, list(article.markers.all())))
    return stored, added


def plan_page(item: PageInput, page: Page, replace: bool, published: bool) -> PagePlan:
    """Work out, without writing, what re-importing this page changes and what it would undo."""
    plan = PagePlan(item, page)
    parsed = item.parsed.articles
    stored, plan.added = load_stored(page)
    decided_ids = marker_writes.decided([m for s in stored for m in s.markers])
    matches = match_articles(
        [Side(imported_headline(s.article), s.article.imported_text) for s in stored],
        [Side(p.headline or "", p.source_text) for p in parsed],
    )
    for i, j in sorted(matches.items()):
        plan_update(plan, i, stored[j], replace, decided_ids)
    plan_new_and_deleted(plan, page, stored, matches, replace)
    taken = set(matches.values())
    for j, s in enumerate(stored):
        if j in taken:
            continue
        plan.retired.append(s)
        plan.changes.append(f"{title(s.article.headline)} 原文中已无此文，删除（原网址转到本版）")
        if not replace and (s.edited() or any(m.pk in decided_ids for m in s.markers)):
            plan.conflicts.append(f"编辑改动过的{title(s.article.headline)}在新文件中已不存在，会被删除")
    plan_page_fields(plan, replace)
    if published and not replace and plan.changes_anything:
        plan.conflicts.insert(0, f"期次已发布，重新导入会改动读者看到的内容：{'；'.join(plan.changes)}")
    return plan


def plan_update(plan: PagePlan, i: int, s: Stored, replace: bool, decided_ids: set[int]) -> None:
    parsed = plan.item.parsed.articles[i]
    fields = article_fields(parsed)
    snap, name = s.snapshot, title(s.article.headline)
    take_fields, c1 = decide(
        s.article.snapshot_digest(), imported_digest(s.article), fields_digest(fields), replace
    )
    take_bylines, c2 = decide(s.bylines, snap.get("bylines", s.bylines), parsed_bylines(parsed), replace)
    take_agency, c3 = decide(s.agency, snap.get("agency", s.agency), parsed_agency(parsed), replace)
    lost = marker_writes.lost_decisions(s.markers, parsed, decided_ids)
    for conflict, what in ((c1, "正文或标题组"), (c2, "署名"), (c3, "稿源")):
        if conflict:
            plan.conflicts.append(f"{name}的{what}已由编辑修改，新文件也改了它")
    if lost and not replace:
        plan.conflicts.append(f"{name}有编辑确认或否决过的转版关联，新文件中已无对应的转版标记")
    plan.updates[i] = Update(s, fields, take_fields, take_bylines, take_agency, s.edited())
    what = [w for t, w in ((take_fields, "正文/标题"), (take_bylines, "署名"), (take_agency, "稿源")) if t]
    if what:
        plan.changes.append(f"{name} 更新：{'、'.join(what)}")


def plan_new_and_deleted(
    plan: PagePlan, page: Page, stored: list[Stored], matches: dict[int, int], replace: bool
) -> None:
    """New articles are created, unless an editor deleted that very article: then ask first."""
    imported = page_imported(page)["headlines"] or []
    present = Counter(fold(imported_headline(s.article)) for s in stored)
    deleted = Counter(fold(h) for h in imported) - present
    for i, p in enumerate(plan.item.parsed.articles):
        if i in matches:
            continue
        plan.new.append(i)
        head = fold(p.headline or "")
        if head and deleted[head] > 0:
            deleted[head] -= 1
            plan.changes.append(f"{title(p.headline)} 编辑曾删除，重新创建")
            if not replace:
                plan.conflicts.append(f"{title(p.headline)}已被编辑删除，重新导入会让它再出现")
        else:
            plan.changes.append(f"{title(p.headline)} 新增")


def plan_page_fields(plan: PagePlan, replace: bool) -> None:
    page, parsed = plan.page, plan.item.parsed
    imported = page_imported(page)
    new_credits = [c.to_json() for c in parsed.credits]
    plan.take_name, c1 = decide(page.name, imported["name"], parsed.name or "", replace)
    plan.take_credits, c2 = decide(page.credits, imported["credits"], new_credits, replace)
    if c1:
        plan.conflicts.append(f"版名已由编辑改为“{page.name}”，新文件是“{parsed.name or ''}”")
    if c2:
        plan.conflicts.append("版面署名已由编辑修改，新文件也改了它")
    if plan.take_name:
        plan.changes.append(f"版名改为“{parsed.name or ''}”")
    if plan.take_credits:
        plan.changes.append("版面署名更新")


def apply_plan(plan: PagePlan, registry: ContributorRegistry, user) -> PageResult:
    """Write a checked plan: page, retired articles, in-place updates, renumbering, new articles."""
    page, item = plan.page, plan.item
    parsed = item.parsed.articles
    name, credits = page.name, page.credits
    fill_page(page, item, timezone.now())
    if not plan.take_name:
        page.name = name
    if not plan.take_credits:
        page.credits = credits
    page.save()
    retire(plan, user)
    park([u.stored.article for u in plan.updates.values()] + plan.added)
    registry.resolve(contributor_keys(parsed[i] for i in plan.updates))
    quiet, byline_rows, replaced_ids = [], [], []
    for i, update in sorted(plan.updates.items()):
        article = update.stored.article
        article.order = i + 1
        write_update(article, update, parsed[i], registry, user, quiet, item.source.text)
        if update.take_bylines:
            replaced_ids.append(article.pk)
            byline_rows.extend(byline_rows_for(article.pk, parsed[i], registry))
        marker_writes.sync_markers(article, update.stored.markers, parsed[i])
    for k, article in enumerate(plan.added, start=len(parsed) + 1):
        article.order = k
        quiet.append(article)
    if quiet:
        Article.objects.bulk_update(
            quiet, ["order", "stored_imported_text", "repairs", "flags", "imported_snapshot"]
        )
    if replaced_ids:
        Byline.objects.filter(article__in=replaced_ids).delete()
        Byline.objects.bulk_create(byline_rows)
    create_articles([(page, i + 1, parsed[i]) for i in plan.new], registry, user)
    return PageResult(
        item.key,
        page.source_name,
        "replaced",
        articles=len(parsed),
        bylines=sum(len(parsed_bylines(p)) for p in parsed),
        repairs=sum(len(p.repairs) for p in parsed),
        flags=sum(len(p.flags) for p in parsed),
        replaced_edited_articles=sum(1 for u in plan.updates.values() if u.edited and u.take_fields)
        + sum(1 for s in plan.retired if s.edited()),
        changes=list(plan.changes),
    )


def write_update(
    article: Article, update: Update, parsed, registry, user, quiet: list, page_text: str
) -> None:
    """Refresh the import record; take the file's text and agency as a revision when decided so."""
    fields = update.fields
    article.repairs, article.flags = fields["repairs"], fields["flags"]
    first_by = (article.imported_snapshot or {}).get(IMPORTED_BY_KEY)  # who imported the first version
    article.imported_snapshot = article_snapshot(parsed, fields)
    if first_by is not None:
        article.imported_snapshot[IMPORTED_BY_KEY] = first_by
    record_imported_text(article, parsed, page_text)
    if not (update.take_fields or update.take_agency):
        quiet.append(article)
        return
    if update.take_fields:
        for name in Article.EDITABLE_FIELDS:
            setattr(article, name, fields[name])
    if update.take_agency:
        article.agency_id = registry.id(agency_key(parsed.agency))
    article.version = (article.version or 1) + 1
    article._change_reason = REIMPORT_REASON
    if user is not None:
        article._history_user = user
    article.save()


def byline_rows_for(article_id: int, parsed, registry) -> list[Byline]:
    rows = []
    for name, role in parsed_bylines(parsed):
        rows.append(
            Byline(
                article_id=article_id,
                contributor_id=registry.id(person_key(name)),
                role=role,
                order=len(rows) + 1,
            )
        )
    return rows


def park(articles: list[Article]) -> None:
    """Move kept articles to distinct temporary orders so renumbering never trips the unique order."""
    for k, article in enumerate(articles):
        article.order = TEMPORARY_ORDER_TOP - k
    if articles:
        Article.objects.bulk_update(articles, ["order"])


def retire(plan: PagePlan, user) -> None:
    """Delete articles the new file no longer prints, leaving a tombstone so their URL still answers."""
    if not plan.retired:
        return
    # Their markers' link rows go with them (cascade), freeing the partners on other pages.
    RetiredArticle.objects.bulk_create(
        [
            RetiredArticle(
                article_id=s.article.pk,
                issue_id=s.article.issue_id,
                page=plan.page,
                headline=s.article.headline,
                reason=RETIRED_REASON,
            )
            for s in plan.retired
        ],
        ignore_conflicts=True,
    )
    for s in plan.retired:
        s.article._change_reason = RETIRED_REASON
        if user is not None:
            s.article._history_user = user
        s.article.delete()
