"""Contributors resolved for a whole batch: one query to find, one conflict-safe insert for the rest.

Two imports that create the same new names must neither deadlock nor fail: missing rows are
inserted with ``ON CONFLICT DO NOTHING`` in one fixed (sorted) order, so concurrent inserts
take their row locks in the same order, and then read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from archive.models import Contributor
from archive.text.names import is_role_word

Key = tuple[str, str]  # (kind, normalised name)
CHUNK = 2000  # names per query, well inside every backend's parameter limit

_CJK_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def normalise_name(name: str) -> str:
    """Drop alignment spaces in Chinese names (单 瑞 -> 单瑞) but keep one space in Latin names."""
    name = _CJK_SPACE_RE.sub("", name.strip())
    return " ".join(name.split())


def creditable(name: str) -> str:
    """The normalised name, or "" when there is none or it is a role word (记者, 本报): nobody to credit."""
    name = normalise_name(name or "")
    return "" if is_role_word(name) else name


def person_key(name: str) -> Key | None:
    name = creditable(name)
    return (Contributor.Kind.PERSON, name) if name else None


def agency_key(name: str | None) -> Key | None:
    name = creditable(name or "")
    return (Contributor.Kind.AGENCY, name) if name else None


class ContributorRegistry:
    """Contributor ids by (kind, name), filled a batch at a time; lives for one transaction.

    After a rollback the ids it created no longer exist: call ``forget()``.
    """

    def __init__(self) -> None:
        self.ids: dict[Key, int] = {}

    def resolve(self, keys: Iterable[Key | None]) -> None:
        """Make sure every key has an id: select the known ones, insert the rest, select again."""
        missing = sorted({k for k in keys if k is not None and k not in self.ids})
        if not missing:
            return
        self.ids.update(lookup(missing))
        new = [k for k in missing if k not in self.ids]
        if new:
            for start in range(0, len(new), CHUNK):
                rows = [Contributor(kind=kind, name=name) for kind, name in new[start : start + CHUNK]]
                Contributor.objects.bulk_create(rows, ignore_conflicts=True)
            self.ids.update(lookup(new))

    def id(self, key: Key | None) -> int | None:
        return None if key is None else self.ids[key]

    def forget(self) -> None:
        self.ids.clear()


def lookup(keys: list[Key]) -> dict[Key, int]:
    """Ids of the contributors that exist among the keys, in as few queries as the chunk size allows."""
    found: dict[Key, int] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        by_kind: dict[str, list[str]] = {}
        for kind, name in chunk:
            by_kind.setdefault(kind, []).append(name)
        condition = Q()
        for kind, names in by_kind.items():
            condition |= Q(kind=kind, name__in=names)
        for pk, kind, name in Contributor.objects.filter(condition).values_list("pk", "kind", "name"):
            found[(kind, name)] = pk
    return found
