"""The search index's own row per article: its text folded for search, derived and rebuilt, never edited."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .articles import Article


class WordVectorField(models.Field):
    """PostgreSQL's tsvector, written from a literal; plain (unused, null) text on SQLite.

    The word index is PostgreSQL's own column; on SQLite the same words live in an FTS5 table
    (archive.search.backends), so one migration serves both databases.
    """

    description = "检索词向量"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


class SearchEntry(models.Model):
    """An article's headline group and body as search compares them (see archive.text.folding).

    Derived data, like an index: ``archive.search.index.reindex_articles`` writes it from the article
    in the same transaction as the article's own change, and ``rebuild_search_index`` rewrites all of
    it. The character-gram index (a GIN expression index on PostgreSQL, an FTS5 table on SQLite) is
    built from these two columns, the word index (``words`` on PostgreSQL, an FTS5 table on SQLite)
    from their jieba words (archive.search.words); visibility is not stored here but checked on the issue at query time.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
        verbose_name="文章",
    )
    head = models.TextField(
        "标题组（检索用）", blank=True, help_text="栏目、引题、主题、副题，折叠后的形式。"
    )
    body = models.TextField("正文（检索用）", blank=True, help_text="正文与小标题，折叠后的形式。")
    words = WordVectorField(
        "分词（检索用）",
        null=True,
        blank=True,
        editable=False,
        help_text="标题组与正文的分词及位置，用于排序（仅 PostgreSQL；SQLite 存于 FTS5 表）。",
    )

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        # Built and dropped by archive.search (rebuild, its migration): PostgreSQL only.
        indexes = [GinIndex(fields=["words"], name="archive_searchentry_words_gin")]

    def __str__(self):
        return f"检索条目 {self.article_id}"
