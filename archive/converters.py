"""Path converters for the public URLs: a value that is not a real date, year or page label never matches.

Registered once in archive/urls.py; templates and code build URLs with reverse()/get_absolute_url(),
never by hand, so the canonical forms (2026-04-27, 01, A3) are decided here and in PageLabel.
"""

import datetime as dt

from archive.parsing.pagelabel import PageLabel


class IsoDateConverter:
    """2026-04-27 ↔ datetime.date; 2026-13-01 or 2026-4-27 is no match (a 404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError → no match

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(dt.date.fromisoformat(str(value)))


class YearConverter:
    """A four-digit year of the publication calendar."""

    regex = r"\d{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not 1 <= year <= 9999:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class PageLabelConverter:
    """01, 1, A3 → PageLabel; the view redirects a non-canonical form (1) to the canonical one (01)."""

    regex = r"[A-Za-z]{0,2}\d{1,3}"

    def to_python(self, value: str) -> PageLabel:
        label = PageLabel.parse(value)
        if label is None:
            raise ValueError(value)
        return label

    def to_url(self, value) -> str:
        label = PageLabel.parse(value)
        if label is None:
            raise ValueError(value)
        return str(label)
