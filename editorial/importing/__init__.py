"""Store parsed pages in the database, atomically, without ever silently overwriting an editor's work.

Parsing is pure (``archive.parsing``); this package decides what to write:
``issues`` (one issue, all or nothing), ``creating`` (new pages in batches), ``reimporting``
(stored pages updated in place), ``matching`` (new parse to stored articles), ``markers``
(every marker write), ``contributors`` (batch, conflict-safe), ``validation`` (columns),
``snapshots`` (the compact import record), ``archive`` (a whole tree of issues).
"""

from .base import (
    IMPORT_REASON,
    REIMPORT_REASON,
    REPLACE_REASON,
    ImportRefused,
    ImportSummary,
    PageInput,
    PageResult,
    describe_marker,
    page_label,
)
from .contributors import ContributorRegistry, normalise_name
from .issues import check_unique_pages, import_issue, import_parsed
from .snapshots import article_fields

__all__ = [
    "IMPORT_REASON",
    "REIMPORT_REASON",
    "REPLACE_REASON",
    "ContributorRegistry",
    "ImportRefused",
    "ImportSummary",
    "PageInput",
    "PageResult",
    "article_fields",
    "check_unique_pages",
    "describe_marker",
    "import_issue",
    "import_parsed",
    "normalise_name",
    "page_label",
]
