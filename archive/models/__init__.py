"""The published record: papers, issues, pages (版), articles, contributors and jump markers.

One module per concept; everything is re-exported here so ``from archive.models import X`` works.
"""

from .articles import Article, ArticleQuerySet
from .contributors import Byline, Contributor, ContributorQuerySet
from .issues import Issue, IssueQuerySet, Page, PageQuerySet
from .markers import ContinuationMarker, continuation_chain
from .publications import Publication
from .search import SearchEntry
from .status import Status

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "ContinuationMarker",
    "Contributor",
    "ContributorQuerySet",
    "Issue",
    "IssueQuerySet",
    "Page",
    "PageQuerySet",
    "Publication",
    "SearchEntry",
    "Status",
    "continuation_chain",
]
