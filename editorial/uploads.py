"""Page files uploaded in the admin: read them (several .txt files or a zip), and keep the exact bytes
between preview and confirmation in a pending import on the server, never in the browser.

A pending import is a directory under ``settings.BAOKU_PENDING_DIR`` named by a random token that is
also stored in the uploader's session; confirming re-reads those bytes and checks their checksums,
so what is imported is exactly what was previewed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from archive.parsing import PageLabel, page_key_from_filename
from archive.parsing.types import PageKey

from .textio import PageFileError, PageText, decode_page_bytes

SESSION_KEY = "baoku_pending_imports"
MAX_AGE_SECONDS = 24 * 3600
MAX_FILES = 200


class UploadError(Exception):
    """An upload the admin refuses, with a Chinese message naming the file."""


@dataclass(frozen=True)
class UploadedPage:
    name: str
    key: PageKey
    data: bytes


def pending_root() -> Path:
    return Path(settings.BAOKU_PENDING_DIR)


def read_uploads(files) -> list[UploadedPage]:
    """Turn uploaded files (each .txt, or a .zip of .txt) into pages keyed by the page in their names."""
    limit = settings.BAOKU_MAX_PAGE_BYTES
    pages: list[UploadedPage] = []
    for upload in files:
        name = upload.name
        if name.lower().endswith(".zip"):
            pages.extend(read_zip(name, upload.read(limit * MAX_FILES + 1), limit))
        else:
            data = upload.read(limit + 1)
            if len(data) > limit:
                raise UploadError(f"{name}：文件超过 {limit // 1024} KB 的上限。")
            pages.append(page_of(name, data))
    if not pages:
        raise UploadError("请至少上传一个版面文件（.txt 或 .zip）。")
    if len(pages) > MAX_FILES:
        raise UploadError(f"一次最多导入 {MAX_FILES} 个版面。")
    seen: dict[PageLabel, str] = {}
    for page in pages:
        label = PageLabel.parse(page.key)
        if label in seen:
            raise UploadError(f"{label.display}出现了两次：{seen[label]} 和 {page.name}。")
        seen[label] = page.name
    return sorted(pages, key=lambda p: PageLabel.parse(p.key))


def read_zip(name: str, data: bytes, limit: int) -> list[UploadedPage]:
    """The .txt files of a zip, refusing archives too big to be a day's pages."""
    if len(data) > limit * MAX_FILES:
        raise UploadError(f"{name}：压缩包太大。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(f"{name}：不是有效的 zip 压缩包。") from None
    pages = []
    with archive:
        for info in archive.infolist():
            inner = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or not inner.lower().endswith(".txt") or inner.startswith((".", "__")):
                continue
            if info.file_size > limit:
                raise UploadError(f"{name}/{info.filename}：文件超过 {limit // 1024} KB 的上限。")
            pages.append(page_of(f"{name}/{info.filename}", archive.read(info)[: limit + 1]))
    if not pages:
        raise UploadError(f"{name}：压缩包里没有 .txt 版面文件。")
    return pages


def page_of(name: str, data: bytes) -> UploadedPage:
    key = page_key_from_filename(name.rsplit("/", 1)[-1])
    if key is None:
        raise UploadError(f"{name}：无法从文件名看出版次，请改名为 01.txt、A3.txt 这样的形式。")
    return UploadedPage(name, key, data)


def decode(page: UploadedPage) -> PageText:
    """Decode one page's bytes with the importer's rules, as a Chinese error naming the file and line."""
    try:
        return decode_page_bytes(page.data, page.name, settings.BAOKU_MAX_PAGE_BYTES)
    except PageFileError as exc:
        where = f"{page.name} 第 {exc.line} 行" if exc.line else page.name
        raise UploadError(f"{where}：无法读取（{exc.message}）。") from exc


# Pending imports


def save_pending(
    session, user, publication_id: int, date: dt.date, replace: bool, pages: list[UploadedPage]
) -> str:
    """Keep the uploaded bytes on the server under a fresh token remembered in the session."""
    purge_old()
    token = secrets.token_hex(16)
    folder = pending_root() / token
    folder.mkdir(parents=True)
    manifest = {
        "user": user.pk,
        "publication": publication_id,
        "date": date.isoformat(),
        "replace": replace,
        "files": [],
    }
    for index, page in enumerate(pages):
        stored = f"{index:03d}.bin"
        (folder / stored).write_bytes(page.data)
        manifest["files"].append(
            {
                "name": page.name,
                "key": page.key,
                "stored": stored,
                "sha256": hashlib.sha256(page.data).hexdigest(),
            }
        )
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    session[SESSION_KEY] = [*session.get(SESSION_KEY, []), token][-10:]
    return token


def load_pending(session, user, token: str) -> tuple[dict, list[UploadedPage]]:
    """The manifest and bytes of a pending import this user started in this session, checked unchanged."""
    if not token or token not in session.get(SESSION_KEY, []) or not token.isalnum():
        raise UploadError("找不到这次上传（可能已经导入或已过期），请重新上传。")
    folder = pending_root() / token
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UploadError("找不到这次上传（可能已经导入或已过期），请重新上传。") from None
    if manifest["user"] != user.pk:
        raise UploadError("这次上传不是你发起的。")
    pages = []
    for entry in manifest["files"]:
        data = (folder / entry["stored"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise UploadError(f"{entry['name']}：暂存的文件已被改动，请重新上传。")
        pages.append(UploadedPage(entry["name"], entry["key"], data))
    return manifest, pages


def discard_pending(session, token: str) -> None:
    """Forget a pending import once it is imported or abandoned."""
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]
    if token.isalnum():
        shutil.rmtree(pending_root() / token, ignore_errors=True)


def purge_old() -> None:
    """Remove pending imports nobody confirmed within a day."""
    root = pending_root()
    if not root.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
