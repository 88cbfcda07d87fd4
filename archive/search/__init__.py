"""Chinese full-text search over the archive that misses nothing, with one behaviour on PostgreSQL and SQLite.

- ``query``: what people type (words, "短语", -排除, 或/OR) into a parsed query, or a Chinese message.
- ``backends``: the per-database gram and word indexes (PostgreSQL GIN indexes, SQLite FTS5 tables).
- ``words``: jieba's words of each entry, the word index that ranks (never decides what matches).
- ``engine``: the set of matching articles for any base queryset, ranked headline-group words first.
- ``index``: keeps the index current (``reindex_articles``), in the writer's own transaction.
- ``highlight``, ``facets``, ``filters``, ``service``: what the page, the API and the admin show.
"""
