"""Where imports come from: page files in a directory, and the publication they go into.

Shared by ``import_pages`` (one issue) and ``import_archive`` (a tree of issues). Messages are
for the newsroom, in Chinese.
"""

from __future__ import annotations

from pathlib import Path

from django.db import OperationalError
from django.utils.text import slugify

from archive.models import Publication

from .base import ImportRefused
from .validation import publication_problem

PAGE_SUFFIX = ".txt"


def is_page_file(path: Path) -> bool:
    """A page file is any *.txt, whatever the case of the extension (02.TXT from older systems)."""
    return path.is_file() and path.suffix.lower() == PAGE_SUFFIX and not path.name.startswith(".")


def page_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """The directory's page files in name order, and the other files skipped (to list them)."""
    files, skipped = [], []
    for path in sorted(directory.iterdir()):
        if is_page_file(path):
            files.append(path)
        elif path.is_file():
            skipped.append(path)
    return files, skipped


def get_publication(slug: str, create_name: str | None) -> Publication:
    """Find the publication by slug, creating it only when asked to, so a typo cannot start a new paper.

    Creation is conflict-safe: two imports creating the same paper at once both end up with the
    one row (``ON CONFLICT DO NOTHING`` and read back), never an IntegrityError.
    """
    publication = Publication.objects.filter(slug=slug).first()
    if publication is not None:
        if create_name and create_name != publication.name:
            raise ImportRefused(
                f"报纸 {slug} 已存在，名称是“{publication.name}”，与 --create-publication 给出的"
                f"“{create_name}”不同；请核对网址标识，或去掉 --create-publication"
            )
        return publication
    if not create_name:
        known = "、".join(Publication.objects.values_list("slug", flat=True)) or "还没有"
        raise ImportRefused(
            f"没有网址标识为 {slug} 的报纸（已有：{known}）；要新建请加 --create-publication “报名”"
        )
    if slugify(slug) != slug:
        raise ImportRefused(f"“{slug}”不是合格的网址标识：请只用小写字母、数字和连字符")
    problem = publication_problem(slug, create_name)
    if problem:
        raise ImportRefused(f"--create-publication：{problem}")
    Publication.objects.bulk_create([Publication(slug=slug, name=create_name)], ignore_conflicts=True)
    publication = Publication.objects.filter(slug=slug).first()
    if publication is None:
        clash = Publication.objects.filter(name=create_name).first()
        raise ImportRefused(f"已有一份名为“{create_name}”的报纸，网址标识是 {clash.slug if clash else '?'}")
    if publication.name != create_name:
        raise ImportRefused(
            f"报纸 {slug} 刚由另一个导入以名称“{publication.name}”创建，与“{create_name}”不同"
        )
    return publication


def locked_message(exc: OperationalError) -> str | None:
    """A clear message for SQLite's "database is locked" (another import is writing), else None."""
    if "locked" in str(exc).lower():
        return "数据库正被另一个导入或编辑占用（database is locked），本次导入没有写入任何内容；请稍后重试"
    return None
