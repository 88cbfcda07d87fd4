"""The published record: papers, issues, pages (版), articles, contributors and jump markers.

One module per concept; everything is re-exported here so ``from archive.models import X`` works.
"""

from .articles import Article, ArticleQuerySet
from .contributors import Byline, Contributor, ContributorQuerySet
from .corrections import Correction, CorrectionQuerySet
from .issues import Issue, IssueQuerySet, Page, PageQuerySet
from .markers import ContinuationLink, ContinuationMarker, continuation_chain
from .publications import Publication
from .status import Status

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "ContinuationLink",
    "ContinuationMarker",
    "Contributor",
    "ContributorQuerySet",
    "Correction",
    "CorrectionQuerySet",
    "Issue",
    "IssueQuerySet",
    "Page",
    "PageQuerySet",
    "Publication",
    "Status",
    "continuation_chain",
]
