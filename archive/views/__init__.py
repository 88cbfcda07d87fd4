"""Public, read-only archive pages, one module per kind of page.

Every query starts from a Scope: ``published()`` querysets for readers, everything for staff previews.
"""

from .articles import article_detail, article_text
from .calendar import home, publication_detail
from .contributors import contributor_detail
from .issues import issue_detail, page_detail
from .machines import robots_txt
from .tags import entity_detail, tag_detail

__all__ = [
    "article_detail",
    "article_text",
    "contributor_detail",
    "entity_detail",
    "home",
    "issue_detail",
    "page_detail",
    "publication_detail",
    "robots_txt",
    "tag_detail",
]
