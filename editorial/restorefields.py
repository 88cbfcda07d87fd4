"""Reading values out of an issue export for :mod:`editorial.restoring`: checked, with Chinese errors.

Every value is checked against its column before anything is written, so a bad file fails with a
message naming the place in the file, the same way on SQLite and PostgreSQL. Users are named by
username in the export; one missing here leaves the record without a name (see ``Users``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model


class RestoreError(Exception):
    """The export cannot be restored; nothing was written. The message says where, in Chinese."""


def need(data, key: str, where: str):
    """The value under ``key``, or a RestoreError naming where it is missing."""
    if not isinstance(data, dict) or key not in data:
        raise RestoreError(f"{where} 缺少字段 “{key}”。")
    return data[key]


def entry(value, where: str) -> dict:
    """One object of a list in the file, or a RestoreError naming where something else stands."""
    if not isinstance(value, dict):
        raise RestoreError(f"{where} 应为对象，实为 {value!r}。")
    return value


def items(data, key: str, where: str) -> list:
    """The list under ``key`` (an absent key is an empty list), or a RestoreError if it is not a list."""
    value = data.get(key, []) if isinstance(data, dict) else None
    if not isinstance(value, list):
        raise RestoreError(f"{where}.{key} 应为列表，实为 {value!r}。")
    return value


def fit(model, field: str, value, where: str) -> str:
    """A text value checked against its column, so a bad file fails here the same way on both databases."""
    value = "" if value is None else value
    if not isinstance(value, str):
        raise RestoreError(f"{where}.{field} 应为文字，实为 {value!r}。")
    limit = model._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise RestoreError(f"{where}.{field} 有 {len(value)} 个字，超过上限 {limit}：{value[:20]}…")
    return value


def choice(model, field: str, value, where: str, blank: bool = False) -> str:
    """A value that must be one of the column's choices (or empty, when ``blank``)."""
    allowed = [key for key, _ in model._meta.get_field(field).choices]
    if (blank and value in ("", None)) or value in allowed:
        return value or ""
    raise RestoreError(f"{where}.{field} 的值 {value!r} 无效，应为 {'、'.join(allowed)} 之一。")


def whole(value, where: str, low: int = 0, high: int = 32767) -> int:
    """A whole number within a column's range (smallint by default)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RestoreError(f"{where} 应为 {low} 到 {high} 之间的整数，实为 {value!r}。")
    return value


def parse_date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RestoreError(f"{where} 不是 YYYY-MM-DD 日期：{value!r}。") from None


def parse_datetime(value, where: str) -> dt.datetime | None:
    """An exported time (ISO 8601 with its offset), or None."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RestoreError(f"{where} 不是有效的时间：{value!r}。") from None
    if moment.tzinfo is None:
        raise RestoreError(f"{where} 缺少时区：{value!r}。")
    return moment


def usernames(data: dict) -> set[str]:
    """Every username the export names (deciders, resolvers, errata, imports, workflow steps)."""
    names = set()
    for link in items(data, "continuation_links", "期次"):
        names.add(link.get("decided_by") if isinstance(link, dict) else None)
    for record in items(data, "import_records", "期次") + items(data, "publication_events", "期次"):
        names.add(record.get("user") if isinstance(record, dict) else None)
    for page in items(data, "pages", "期次"):
        for article in items(page, "articles", "版面") if isinstance(page, dict) else []:
            if not isinstance(article, dict):
                continue
            for flag in items(article, "flags_detail", "文章"):
                names.add(flag.get("resolved_by") if isinstance(flag, dict) else None)
            for correction in items(article, "corrections", "文章"):
                if isinstance(correction, dict):
                    names.update((correction.get("created_by"), correction.get("approved_by")))
    return {name for name in names if isinstance(name, str) and name}


class Users:
    """The export's users looked up by username in one query.

    A user this database does not have leaves the record without a name (``get`` returns None),
    except where the record cannot stand without one: an approved erratum keeps its approver as an
    inactive account without a password (``required``), which an administrator may activate or not.
    ``missing`` and ``created`` say what happened, for the command to report.
    """

    def __init__(self, data: dict):
        model = get_user_model()
        wanted = usernames(data)
        self.found = {
            u.get_username(): u for u in model.objects.filter(**{f"{model.USERNAME_FIELD}__in": wanted})
        }
        self.missing = sorted(wanted - set(self.found))
        self.created: list[str] = []

    def get(self, name, where: str):
        if name is None:
            return None
        if not isinstance(name, str):
            raise RestoreError(f"{where} 应为用户名，实为 {name!r}。")
        return self.found.get(name)

    def required(self, name, where: str):
        user = self.get(name, where)
        if user is None and name:
            model = get_user_model()
            limit = model._meta.get_field(model.USERNAME_FIELD).max_length
            if len(name) > limit:
                raise RestoreError(f"{where} 的用户名超过 {limit} 个字：{name[:20]}…")
            user = model(**{model.USERNAME_FIELD: name}, is_active=False)
            user.set_unusable_password()
            user.save()
            self.found[name] = user
            self.created.append(name)
        return user

    def notes(self) -> list[str]:
        """What the restore did about users this database lacks, in Chinese."""
        notes = []
        absent = [name for name in self.missing if name not in self.created]
        if absent:
            notes.append(f"本库没有这些用户，相关记录的经手人留空：{'、'.join(absent)}。")
        if self.created:
            notes.append(f"已批准的更正须有批准人，为其建了停用、无密码的账号：{'、'.join(self.created)}。")
        return notes
