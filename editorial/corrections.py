"""Approving an erratum (更正): the notice goes public and, where it can be done safely, the text is fixed.

The printed text stays readable in the notice on the public page; the article's own text is
corrected as a revision (reason “更正：…”) when the printed words occur exactly once in its
headline group or body. Otherwise only the notice is published and the approver is told why.
"""

from __future__ import annotations

from django.db import transaction

from archive.models import Article, Correction

from . import revisions

TEXT_FIELDS = ("section", "kicker", "headline", "subtitle")


def occurrences(article: Article, printed: str) -> int:
    fields = sum(getattr(article, name).count(printed) for name in TEXT_FIELDS)
    return fields + sum(block["text"].count(printed) for block in article.body)


def corrected_copy(article: Article, printed: str, corrected: str) -> None:
    """Replace the single occurrence of the printed words in the article (in memory)."""
    for name in TEXT_FIELDS:
        setattr(article, name, getattr(article, name).replace(printed, corrected))
    article.body = [{**block, "text": block["text"].replace(printed, corrected)} for block in article.body]


def approve(correction: Correction, user) -> str:
    """Approve one erratum as ``user`` and fix the article's text when that is unambiguous.

    Returns what happened to the text, for the approver. Raises PermissionDenied or
    ValidationError from Correction.approve, or revisions.StaleEdit when the article changed
    meanwhile; then nothing is written.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=correction.article_id)
        correction.approve(user)
        found = occurrences(article, correction.printed_text)
        if found != 1:
            if found == 0:
                return "正文和标题组里没有找到原刊文字，只发布了更正启事。"
            return f"原刊文字在文章里出现了 {found} 次，没有自动改正；请在文章里手工改正。"
        corrected_copy(article, correction.printed_text, correction.corrected_text)
        reason = f"更正：{correction.printed_text} → {correction.corrected_text}"
        revisions.save_article(article, article.version, [*TEXT_FIELDS, "body"], user, reason)
        return "已按更正改正文章文字，并记为一次修订。"
