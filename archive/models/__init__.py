"""The published record: papers, issues, pages (版), articles, contributors and jump markers.

One module per concept; everything is re-exported here so ``from archive.models import X`` works.
"""

from .articles import Article, ArticleQuerySet
from .contributors import Byline, Contributor, ContributorAlias, ContributorQuerySet
from .corrections import Correction, CorrectionQuerySet
from .issues import Issue, IssueQuerySet, Page, PageQuerySet
from .markers import ContinuationLink, ContinuationMarker, continuation_chain
from .publications import Publication
from .search import SearchEntry
from .status import Status
from .tags import ArticleTag, Tag, TagAlias, TagQuerySet
from .tombstones import RetiredArticle

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleTag",
    "Byline",
    "ContinuationLink",
    "ContinuationMarker",
    "Contributor",
    "ContributorAlias",
    "ContributorQuerySet",
    "Correction",
    "CorrectionQuerySet",
    "Issue",
    "IssueQuerySet",
    "Page",
    "PageQuerySet",
    "Publication",
    "RetiredArticle",
    "SearchEntry",
    "Status",
    "Tag",
    "TagAlias",
    "TagQuerySet",
    "continuation_chain",
]
