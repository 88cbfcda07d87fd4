"""Rebuild an issue from its export (format ``baoku.issue`` v3), the inverse of :mod:`editorial.exporting`.

All or nothing, in one transaction; an issue that already exists is refused with the conflict named.
Each part of the export has one small ``restore_*`` function here mirroring the one that wrote it.
What the export records (link decisions, flag resolutions, errata, import records, publication
events, the issue's status and times) is written back as it was, not re-derived: the linker, the
flag sync and the workflow are not run, so nothing gets a new time or a per-article history row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from archive.bodytext import body_problems
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
    Status,
    Tag,
)
from archive.parsing import split_page_key
from archive.text.names import role_word_problem

from .exporting import FORMAT, VERSION, marker_ref
from .models import ArticleFlag, ImportRecord, PublicationEvent
from .restorefields import (
    RestoreError,
    Users,
    choice,
    entry,
    fit,
    items,
    need,
    parse_date,
    parse_datetime,
    whole,
)

__all__ = ["RestoreError", "restore_issue"]

RESTORE_REASON = "从导出文件恢复"


def restore_issue(data: dict, publication_slug: str | None = None, notes: list[str] | None = None) -> Issue:
    """Create the issue described by ``data`` with everything the export holds.

    ``notes`` (when given) receives what the restore could not keep as it was, in Chinese: users
    this database does not have.
    """
    check_format(data)
    with transaction.atomic():
        publication = restore_publication(data, publication_slug)
        date = parse_date(need(data, "date", "期次"), "date")
        existing = Issue.objects.filter(publication=publication, date=date).first()
        if existing is not None:
            raise RestoreError(
                f"{publication.name}（{publication.slug}）{date.isoformat()} 的期次已存在（编号 {existing.pk}），"
                "未导入任何内容；要恢复请先删除该期次或用 --publication 导入到另一份报纸。"
            )
        number = data.get("number")
        if number is not None:
            number = whole(number, "number", low=1, high=2**31 - 1)
        try:
            issue = Issue.objects.create(publication=publication, date=date, number=number)
        except IntegrityError:  # restored by someone else at this very moment
            raise RestoreError(
                f"{publication.name} {date.isoformat()} 的期次刚被另一次导入写入，未导入任何内容；请稍后重试。"
            ) from None
        users = Users(data)
        contributors: dict[tuple[str, str], Contributor] = {}
        by_ref: dict[str, Article] = {}
        markers: dict[str, ContinuationMarker] = {}
        for p, page_data in enumerate(need(data, "pages", "期次")):
            where = f"pages[{p}]"
            page = restore_page(issue, page_data, where)
            for a, article_data in enumerate(need(page_data, "articles", where)):
                at = f"{where}.articles[{a}]"
                article = restore_article(issue, page, article_data, contributors, at)
                ref = need(article_data, "ref", at)
                if ref in by_ref:
                    raise RestoreError(f"{at}.ref：文章 {ref} 重复。")
                by_ref[ref] = article
                restore_bylines(article, need(article_data, "bylines_detail", at), contributors, at)
                restore_tags(article, items(article_data, "tags", at), at)
                markers.update(restore_markers(article, ref, need(article_data, "markers_detail", at), at))
                restore_flags(article, items(article_data, "flags_detail", at), users, at)
                restore_corrections(article, items(article_data, "corrections", at), users, at)
        restore_links(items(data, "continuation_links", "期次"), markers, users)
        restore_import_records(issue, items(data, "import_records", "期次"), by_ref, users)
        restore_events(issue, items(data, "publication_events", "期次"), users)
        restore_status(issue, data)
        if notes is not None:
            notes.extend(users.notes())
    return issue


def check_format(data) -> None:
    """Refuse anything that is not an issue export of this version, before touching the database."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RestoreError(f'不是报库期次导出文件（缺少 "format": "{FORMAT}"）。')
    if data.get("version") != VERSION:
        raise RestoreError(f"导出格式版本为 {data.get('version')!r}，本程序只能恢复版本 {VERSION}。")


def restore_publication(data: dict, slug: str | None) -> Publication:
    """The paper named by --publication or by the export; created from the export's names if missing."""
    slug = slug or need(data, "publication", "期次")
    publication = Publication.objects.filter(slug=slug).first()
    if publication is not None:
        return publication
    name = fit(Publication, "name", data.get("publication_name") or slug, "publication_name")
    clash = Publication.objects.filter(name=name).first()
    if clash is not None:
        raise RestoreError(
            f"报名“{name}”已被网址标识为 {clash.slug} 的报纸使用；请用 --publication {clash.slug}。"
        )
    short = fit(Publication, "short_name", data.get("publication_short_name") or "", "publication_short_name")
    return Publication.objects.create(
        slug=fit(Publication, "slug", slug, "publication"), name=name, short_name=short
    )


def restore_page(issue: Issue, data: dict, where: str) -> Page:
    """One page with its name, credits and untouched source file."""
    try:
        prefix, number = split_page_key(need(data, "number", where))
    except ValueError:
        raise RestoreError(f"{where}.number 不是版次：{data.get('number')!r}。") from None
    if Page.objects.filter(issue=issue, prefix=prefix, number=number).exists():
        raise RestoreError(f"{where}：版次 {prefix}{number} 重复。")
    source = need(data, "source", where)
    at = f"{where}.source"
    return Page.objects.create(
        issue=issue,
        prefix=prefix,
        number=number,
        name=fit(Page, "name", data.get("name"), where),
        credits=data.get("credits") or [],
        source_name=fit(Page, "source_name", source.get("name"), at),
        source_text=need(source, "text", at),
        source_encoding=fit(Page, "source_encoding", source.get("encoding"), at),
        source_sha256=fit(Page, "source_sha256", source.get("sha256"), at),
        imported_at=parse_datetime(source.get("imported_at"), f"{at}.imported_at"),
    )


def restore_article(issue: Issue, page: Page, data: dict, contributors: dict, where: str) -> Article:
    """One article with its headline group, blocks, edit version, import record and agency."""
    dateline = data.get("dateline") or {}
    document_date = data.get("document_date")
    article = Article(
        issue=issue,
        page=page,
        order=whole(need(data, "order", where), f"{where}.order", low=1),
        version=whole(need(data, "version", where), f"{where}.version", low=1, high=2**31 - 1),
        section=fit(Article, "section", data.get("section"), where),
        kicker=fit(Article, "kicker", data.get("kicker"), where),
        headline=fit(Article, "headline", data.get("headline"), where),
        subtitle=fit(Article, "subtitle", data.get("subtitle"), where),
        document_date=parse_date(document_date, f"{where}.document_date") if document_date else None,
        dateline_place=fit(Article, "dateline_place", dateline.get("place"), f"{where}.dateline"),
        dateline_date=fit(Article, "dateline_date", dateline.get("date"), f"{where}.dateline"),
        body=blocks(need(data, "blocks", where), f"{where}.blocks"),
        repairs=need(data, "repairs_detail", where),
        flags=data.get("flags") or [],
        imported_text=data.get("imported_text") or "",
        imported_snapshot=data.get("imported_snapshot") or {},
    )
    if data.get("agency"):
        article.agency = contributor(contributors, data["agency"], Contributor.Kind.AGENCY, f"{where}.agency")
    article._change_reason = RESTORE_REASON
    article.save()
    return article


def blocks(value, where: str) -> list:
    """The body blocks, checked as the article form checks them."""
    problems = body_problems(value)
    if problems:
        raise RestoreError(f"{where} {problems[0]}")
    return value


def contributor(cache: dict, name: str, kind: str, where: str) -> Contributor:
    """The one contributor of that name and kind, created if the database has none yet."""
    name = fit(Contributor, "name", name, where)
    problem = role_word_problem(name)
    if problem:
        raise RestoreError(f"{where}：{problem}")
    if (kind, name) not in cache:
        cache[(kind, name)] = Contributor.objects.get_or_create(kind=kind, name=name)[0]
    return cache[(kind, name)]


def restore_bylines(article: Article, bylines: list, contributors: dict, where: str) -> None:
    """Bylines in their printed order and roles."""
    rows = []
    for i, b in enumerate(bylines):
        at = f"{where}.bylines_detail[{i}]"
        person = contributor(contributors, need(b, "name", at), b.get("kind") or Contributor.Kind.PERSON, at)
        rows.append(
            Byline(
                article=article,
                contributor=person,
                role=fit(Byline, "role", need(b, "role", at), at),
                order=b.get("order", i + 1),
            )
        )
    Byline.objects.bulk_create(rows)


def restore_tags(article: Article, tags: list, where: str) -> None:
    """Tags by kind and name; an existing tag is reused, a new one keeps its exported slug when free."""
    for i, t in enumerate(tags):
        at = f"{where}.tags[{i}]"
        kind, name = need(t, "kind", at), fit(Tag, "name", need(t, "name", at), at)
        if kind not in Tag.Kind.values:
            raise RestoreError(f"{at}.kind 不是标签类别：{kind!r}。")
        tag = Tag.objects.filter(kind=kind, name=name).first()
        if tag is None:
            slug = t.get("slug") or ""
            if slug and Tag.objects.filter(kind=kind, slug=slug).exists():
                slug = ""
            tag = Tag.objects.create(kind=kind, name=name, slug=slug)
        ArticleTag.objects.get_or_create(article=article, tag=tag)


def restore_markers(article: Article, ref: str, markers: list, where: str) -> dict[str, ContinuationMarker]:
    """Jump and back lines as printed, by marker ref; their links come from ``continuation_links``.

    The per-marker ``linked``/``link_status`` are derived from the link rows by the export and are
    not read back.
    """
    rows, orders = [], set()
    for i, m in enumerate(markers):
        at = f"{where}.markers_detail[{i}]"
        m = entry(m, at)
        if need(m, "order", at) in orders:
            raise RestoreError(f"{at}.order：本文已有顺序为 {m['order']} 的转版标记。")
        orders.add(m["order"])
        page_number = m.get("page_number")
        rows.append(
            ContinuationMarker(
                article=article,
                order=whole(need(m, "order", at), f"{at}.order"),
                kind=choice(ContinuationMarker, "kind", need(m, "kind", at), at),
                text=fit(ContinuationMarker, "text", need(m, "text", at), at),
                page_prefix=fit(ContinuationMarker, "page_prefix", m.get("page_prefix"), at),
                page_number=None if page_number is None else whole(page_number, f"{at}.page_number", low=1),
            )
        )
    created = ContinuationMarker.objects.bulk_create(rows)
    return {marker_ref(ref, m.order): m for m in created}


def restore_flags(article: Article, flags: list, users: Users, where: str) -> None:
    """The importer's flags as rows, each resolved or not as it was."""
    rows = []
    for i, f in enumerate(flags):
        at = f"{where}.flags_detail[{i}]"
        f = entry(f, at)
        resolved_at = parse_datetime(f.get("resolved_at"), f"{at}.resolved_at")
        resolved_by = users.get(f.get("resolved_by"), f"{at}.resolved_by")
        if resolved_by is not None and resolved_at is None:
            raise RestoreError(f"{at}：有处理人却没有处理时间。")
        rows.append(
            ArticleFlag(
                article=article,
                position=whole(need(f, "position", at), f"{at}.position"),
                kind=fit(ArticleFlag, "kind", need(f, "kind", at), at),
                text=need(f, "text", at) or "",
                resolved_by=resolved_by,
                resolved_at=resolved_at,
            )
        )
    ArticleFlag.objects.bulk_create(rows)


def restore_corrections(article: Article, corrections: list, users: Users, where: str) -> None:
    """Errata with their status and who proposed and approved them, at their original times."""
    rows, times = [], []
    for i, c in enumerate(corrections):
        at = f"{where}.corrections[{i}]"
        c = entry(c, at)
        status = choice(Correction, "status", need(c, "status", at), at)
        approved_at = parse_datetime(c.get("approved_at"), f"{at}.approved_at")
        note, printed, corrected = (need(c, key, at) for key in ("note", "printed_text", "corrected_text"))
        if (
            not all(isinstance(v, str) for v in (note, printed, corrected))
            or not note
            or printed == corrected
        ):
            raise RestoreError(f"{at}：更正说明不能为空，“原刊文字”和“更正为”不能相同。")
        if (status == Correction.Status.APPROVED) != (approved_at is not None):
            raise RestoreError(f"{at}：只有已批准的更正才有批准时间，已批准的更正必须有。")
        approved_by = c.get("approved_by")
        if status == Correction.Status.APPROVED and not approved_by:
            raise RestoreError(f"{at}：已批准的更正缺少批准人。")
        rows.append(
            Correction(
                article=article,
                note=note,
                printed_text=printed,
                corrected_text=corrected,
                status=status,
                created_by=users.get(c.get("created_by"), f"{at}.created_by"),
                approved_by=users.required(approved_by, f"{at}.approved_by") if approved_at else None,
                approved_at=approved_at,
            )
        )
        times.append(parse_datetime(need(c, "created_at", at), f"{at}.created_at"))
    keep_times(Correction, rows, times, "created_at")


def keep_times(model, rows: list, times: list, field: str) -> None:
    """Create the rows, then give back the times ``auto_now_add`` replaced on insert."""
    created = model.objects.bulk_create(rows)
    for row, moment in zip(created, times, strict=True):
        setattr(row, field, moment)
    model.objects.bulk_update(created, [field])


def restore_links(links: list, markers: dict[str, ContinuationMarker], users: Users) -> None:
    """Every link row, rejected ones too, with its score, reason and decision, checked like the database does."""
    rows, times, pairs, active = [], [], set(), set()
    for i, link in enumerate(links):
        at = f"continuation_links[{i}]"
        link = entry(link, at)
        jump, back = (markers.get(need(link, side, at)) for side in ("jump", "back"))
        if jump is None or back is None:
            raise RestoreError(f"{at}：标记 {link.get('jump')!r} 或 {link.get('back')!r} 不在本期中。")
        if jump.kind != ContinuationMarker.Kind.JUMP or back.kind != ContinuationMarker.Kind.BACK:
            raise RestoreError(f"{at}：只能把“下转”标记关联到“上接”标记。")
        status = choice(ContinuationLink, "status", need(link, "status", at), at)
        if (jump.pk, back.pk) in pairs:
            raise RestoreError(f"{at}：这对标记的关联重复。")
        pairs.add((jump.pk, back.pk))
        if status != ContinuationLink.Status.REJECTED:
            if jump.pk in active or back.pk in active:
                raise RestoreError(f"{at}：其中一个标记已有另一个有效关联。")
            active.update((jump.pk, back.pk))
        score = link.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise RestoreError(f"{at}.score 应为数字，实为 {score!r}。")
        rows.append(
            ContinuationLink(
                jump=jump,
                back=back,
                status=status,
                score=score,
                reason=fit(ContinuationLink, "reason", link.get("reason"), at),
                decided_by=users.get(link.get("decided_by"), f"{at}.decided_by"),
                decided_at=parse_datetime(link.get("decided_at"), f"{at}.decided_at"),
            )
        )
        times.append(parse_datetime(need(link, "created_at", at), f"{at}.created_at"))
    keep_times(ContinuationLink, rows, times, "created_at")


def restore_import_records(issue: Issue, records: list, by_ref: dict[str, Article], users: Users) -> None:
    """The issue's import reports as they were, with the articles they name found again by ref."""
    rows, times = [], []
    for i, r in enumerate(records):
        at = f"import_records[{i}]"
        r = entry(r, at)
        counts = {
            name: whole(need(r, name, at), f"{at}.{name}", high=2**31 - 1)
            for name in ("repair_count", "flag_count", "unmatched_count")
        }
        rows.append(
            ImportRecord(
                issue=issue,
                user=users.get(r.get("user"), f"{at}.user"),
                source=choice(ImportRecord, "source", need(r, "source", at), at),
                files=items(r, "files", at),
                summary=r.get("summary") or {},
                unmatched=items(r, "unmatched", at),
                repairs=entries_by_id(items(r, "repairs", at), by_ref),
                flags=entries_by_id(items(r, "flags", at), by_ref),
                **counts,
            )
        )
        times.append(parse_datetime(need(r, "created_at", at), f"{at}.created_at"))
    keep_times(ImportRecord, rows, times, "created_at")


def entries_by_id(entries: list, by_ref: dict[str, Article]) -> list:
    """The inverse of the export's ``entries_by_ref``: each entry's article ref back to this database's id."""
    restored = []
    for e in entries:
        if isinstance(e, dict) and "article_ref" in e:
            article = by_ref.get(e["article_ref"])
            e = {
                **{k: v for k, v in e.items() if k != "article_ref"},
                "article": article.pk if article else None,
            }
        restored.append(e)
    return restored


def restore_events(issue: Issue, events: list, users: Users) -> None:
    """The issue's workflow steps (送审, 发布, 撤回…) as they were taken, with who, when and why."""
    rows = []
    for i, e in enumerate(events):
        at = f"publication_events[{i}]"
        e = entry(e, at)
        moment = parse_datetime(need(e, "at", at), f"{at}.at")
        if moment is None:
            raise RestoreError(f"{at}.at 不能为空。")
        rows.append(
            PublicationEvent(
                issue=issue,
                action=choice(PublicationEvent, "action", need(e, "action", at), at),
                from_status=choice(PublicationEvent, "from_status", e.get("from_status"), at, blank=True),
                to_status=choice(PublicationEvent, "to_status", need(e, "to_status", at), at),
                user=users.get(e.get("user"), f"{at}.user"),
                at=moment,
                override_reason=e.get("override_reason") or "",
                problems=items(e, "problems", at),
            )
        )
    PublicationEvent.objects.bulk_create(rows)


def restore_status(issue: Issue, data: dict) -> None:
    """The issue's workflow state and publication times exactly as exported, in one UPDATE.

    The workflow is not run: restoring is not a new 发布, so no event, no new time, nothing per article.
    """
    status = choice(Issue, "status", need(data, "status", "期次"), "期次")
    published_at = parse_datetime(data.get("published_at"), "published_at")
    if status == Status.PUBLISHED and published_at is None:
        raise RestoreError("期次状态为“已发布”，却没有首次发布时间（published_at）。")
    Issue.objects.filter(pk=issue.pk).update(
        status=status,
        published_at=published_at,
        last_published_at=parse_datetime(data.get("last_published_at"), "last_published_at"),
        version=whole(data.get("issue_version", 1), "issue_version", low=1, high=2**31 - 1),
    )
    issue.refresh_from_db()
