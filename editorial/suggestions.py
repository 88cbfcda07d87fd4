"""Suggest tags for an article from its own text, accept them, and grow the segmenter's dictionary.

Cheap at any archive size: a suggestion reads the document frequencies of this article's words
only (one ``term IN (…)`` query) from a table counted over a bounded sample of recent articles
(:func:`rebuild_frequencies`, run by ``manage.py build_term_frequencies``).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from archive import vocabulary
from archive.bodytext import salvage_blocks
from archive.models import Article, ArticleTag, Tag
from archive.text.suggesting import Suggestion, entities, keyword_terms, keywords, tag_words
from archive.vocabulary import load_archive_words

from .models import TermFrequency, TermSample

DEFAULT_SAMPLE = 20000


def article_text(article: Article) -> str:
    """Everything an article says about itself: its headline group and body.

    A body stored in a broken shape is read as far as it can be, so the change page that offers the
    suggestions still opens for the editor who repairs it.
    """
    heads = (article.section, article.kicker, article.headline, article.subtitle)
    body = (block["text"] for block in salvage_blocks(article.body))
    return "\n".join([*(h for h in heads if h), *body])


def suggest(article: Article) -> list[Suggestion]:
    """Keywords and named entities for one article, without the tags it already carries."""
    load_archive_words()
    tagged = tag_words(article_text(article))
    counts = keyword_terms(tagged)
    frequencies = dict(TermFrequency.objects.filter(term__in=list(counts)).values_list("term", "documents"))
    sample = TermSample.objects.order_by("-built_at").values_list("articles", flat=True).first() or 0
    have = set(ArticleTag.objects.filter(article=article).values_list("tag__kind", "tag__name"))
    names = entities(tagged, known_people=vocabulary.known_people)
    entity_words = {s.name for s in names}
    subject = [s for s in keywords(counts, frequencies, sample, limit=20) if s.name not in entity_words]
    found = subject[:8] + names
    return [s for s in found if (s.kind, s.name) not in have]


@transaction.atomic
def accept(article: Article, kind: str, name: str) -> tuple[ArticleTag, bool]:
    """Put a suggested word on the article as a tag of its kind; returns the row and whether it is new."""
    name = name.strip()
    if kind not in Tag.Kind.values:
        raise ValueError(f"没有“{kind}”这种标签类别。")
    limit = Tag._meta.get_field("name").max_length
    if not name or len(name) > limit:
        raise ValueError(f"标签名须为 1 到 {limit} 个字。")
    tag = Tag.objects.filter(kind=kind, name=name).first() or Tag.objects.create(kind=kind, name=name)
    row, created = ArticleTag.objects.get_or_create(article=article, tag=tag)
    return row, created  # the new tag's name reached the segmenter through archive.vocabulary


def rebuild_frequencies(sample: int = DEFAULT_SAMPLE, batch: int = 500) -> int:
    """Recount document frequencies over the newest ``sample`` articles; returns how many were counted.

    Bounded by the sample, so it costs the same on a 1M-article archive as on a small one.
    """
    load_archive_words()
    frequencies: Counter = Counter()
    counted = 0
    recent = Article.objects.order_by("-pk").only("section", "kicker", "headline", "subtitle", "body")[
        :sample
    ]
    for article in recent.iterator(chunk_size=batch):
        frequencies.update(set(keyword_terms(tag_words(article_text(article)))))
        counted += 1
    with transaction.atomic():
        TermFrequency.objects.all().delete()
        TermFrequency.objects.bulk_create(
            [TermFrequency(term=t, documents=n) for t, n in frequencies.items() if len(t) <= 40],
            batch_size=2000,
        )
        TermSample.objects.all().delete()
        TermSample.objects.create(articles=counted)
    return counted
