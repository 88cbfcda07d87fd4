"""Rebuild an issue from its export (format ``baoku.issue`` v2), the inverse of :mod:`editorial.exporting`.

All or nothing, in one transaction; an issue that already exists is refused with the conflict named.
Each part of the export has one small function here mirroring the one that wrote it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from archive.models import (
    Article,
    ArticleTag,
    Byline,
    ContinuationMarker,
    Contributor,
    Issue,
    Page,
    Publication,
    Status,
    Tag,
)
from archive.parsing import split_page_key
from archive.text.names import role_word_problem

from .exporting import FORMAT, VERSION
from .workflow import set_issues_status

RESTORE_REASON = "从导出文件恢复"


class RestoreError(Exception):
    """The export cannot be restored; nothing was written. The message says where, in Chinese."""


def restore_issue(data: dict, publication_slug: str | None = None) -> Issue:
    """Create the issue described by ``data`` with its pages, articles, bylines, tags and links."""
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
        issue = Issue.objects.create(publication=publication, date=date, number=data.get("number"))
        contributors: dict[tuple[str, str], Contributor] = {}
        by_ref: dict[str, Article] = {}
        pending: list[tuple[Article, list, str]] = []
        for p, page_data in enumerate(need(data, "pages", "期次")):
            where = f"pages[{p}]"
            page = restore_page(issue, page_data, where)
            for a, article_data in enumerate(need(page_data, "articles", where)):
                at = f"{where}.articles[{a}]"
                article = restore_article(issue, page, article_data, contributors, at)
                restore_bylines(article, need(article_data, "bylines_detail", at), contributors, at)
                restore_tags(article, article_data.get("tags", []), at)
                by_ref[need(article_data, "ref", at)] = article
                pending.append((article, need(article_data, "markers_detail", at), at))
        for article, markers, at in pending:
            restore_markers(article, markers, by_ref, at)
        restore_status(issue, data)
    return issue


def check_format(data) -> None:
    """Refuse anything that is not a version-2 issue export, before touching the database."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RestoreError(f'不是报库期次导出文件（缺少 "format": "{FORMAT}"）。')
    if data.get("version") != VERSION:
        raise RestoreError(f"导出格式版本为 {data.get('version')!r}，本程序只能恢复版本 {VERSION}。")


def need(data, key: str, where: str):
    """The value under ``key``, or a RestoreError naming where it is missing."""
    if not isinstance(data, dict) or key not in data:
        raise RestoreError(f"{where} 缺少字段 “{key}”。")
    return data[key]


def fit(model, field: str, value, where: str) -> str:
    """A text value checked against its column, so a bad file fails here the same way on both databases."""
    value = "" if value is None else value
    if not isinstance(value, str):
        raise RestoreError(f"{where}.{field} 应为文字，实为 {value!r}。")
    limit = model._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise RestoreError(f"{where}.{field} 有 {len(value)} 个字，超过上限 {limit}：{value[:20]}…")
    return value


def parse_date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RestoreError(f"{where} 不是 YYYY-MM-DD 日期：{value!r}。") from None


def parse_datetime(value, where: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RestoreError(f"{where} 不是有效的时间：{value!r}。") from None


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
    """One article with its headline group, blocks, import record and agency."""
    dateline = data.get("dateline") or {}
    document_date = data.get("document_date")
    article = Article(
        issue=issue,
        page=page,
        order=need(data, "order", where),
        section=fit(Article, "section", data.get("section"), where),
        kicker=fit(Article, "kicker", data.get("kicker"), where),
        headline=fit(Article, "headline", data.get("headline"), where),
        subtitle=fit(Article, "subtitle", data.get("subtitle"), where),
        document_date=parse_date(document_date, f"{where}.document_date") if document_date else None,
        dateline_place=fit(Article, "dateline_place", dateline.get("place"), f"{where}.dateline"),
        dateline_date=fit(Article, "dateline_date", dateline.get("date"), f"{where}.dateline"),
        body=need(data, "blocks", where),
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


def restore_markers(article: Article, markers: list, by_ref: dict[str, Article], where: str) -> None:
    """Jump and back lines with their links, now that every part of the issue exists."""
    rows = []
    for i, m in enumerate(markers):
        at = f"{where}.markers_detail[{i}]"
        linked = m.get("linked")
        target = by_ref.get(linked) if linked else None
        if linked and target is None:
            raise RestoreError(f"{at}：关联的文章 {linked} 不在本期中。")
        status = m.get("link_status") or ""
        if status not in ContinuationMarker.LinkStatus.values or bool(status) != bool(target):
            raise RestoreError(f"{at}：关联状态 {status!r} 与关联文章 {linked!r} 不符。")
        rows.append(
            ContinuationMarker(
                article=article,
                order=need(m, "order", at),
                kind=need(m, "kind", at),
                text=fit(ContinuationMarker, "text", need(m, "text", at), at),
                page_prefix=fit(ContinuationMarker, "page_prefix", m.get("page_prefix"), at),
                page_number=m.get("page_number"),
                linked_article=target,
                link_status=status,
            )
        )
    ContinuationMarker.objects.bulk_create(rows)


def restore_status(issue: Issue, data: dict) -> None:
    """Make the issue as visible as it was, through the workflow, and keep its original publication time."""
    status = need(data, "status", "期次")
    if status not in Status.values:
        raise RestoreError(f"期次状态 {status!r} 无效。")
    if status != Status.IMPORTED:
        set_issues_status([issue.pk], status)
    Issue.objects.filter(pk=issue.pk).update(
        published_at=parse_datetime(data.get("published_at"), "published_at")
    )
    issue.refresh_from_db()
