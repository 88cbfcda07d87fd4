"""Facet counts next to the results: how many of the matching articles fall in each value.

All counts come from ONE statement that evaluates the match once: a materialized CTE of the
matching articles' (paper, date, page), grouped for count, publication, year and page, plus the
contributor and tag groups over the link rows of those articles. Values are what the filters accept.
The tag facet appears when the tags app's ArticleTag model is installed.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections
from django.db.models import QuerySet

from archive.models import Contributor, Publication
from archive.parsing.pagelabel import PageLabel

TOP = 10


def article_tag_model():
    """The tags helper's ArticleTag (article, tag) link, when it is installed."""
    try:
        return apps.get_model("archive", "ArticleTag")
    except LookupError:
        return None


SQL_ORDER = {
    "relevance": "score DESC, day DESC, prefix, number, ord, id",
    "date": "day DESC, prefix, number, ord, id",
    "date_asc": "day, prefix, number, ord, id",
}


def _statement(matching: QuerySet, sort: str, offset: int, limit: int) -> tuple[str, list]:
    """One statement: the match materialized once, grouped for every facet, and one page of it ranked.

    Rows (kind, key, text, page number, n, label): ('p', paper id, slug, …, n, name) per paper,
    ('y', year) per year, ('g', …, page prefix, page number) per page label, ('c', contributor id,
    …, name) and ('t', tag id, slug, …, name) for the TOP of each, and ('r', article id, …, position)
    for the page of results. Every facet is grouped, ranked and labelled in the database, so what comes
    back is as small as the facets are, however many articles match, and no other query is needed.
    """
    vendor = connections[matching.db].vendor
    inner = matching.order_by().values_list(
        "pk", "issue__publication_id", "issue__date", "page__prefix", "page__number", "order", "head_score"
    )
    inner_sql, params = inner.query.sql_with_params()
    if vendor == "postgresql":  # names ranked in code point order, as Python sorts them, on any locale
        year, by_name = "CAST(EXTRACT(YEAR FROM day) AS INTEGER)", 'c.name COLLATE "C"'
    else:
        year, by_name = "CAST(substr(day, 1, 4) AS INTEGER)", "c.name"
    nulls = "CAST(NULL AS TEXT), CAST(NULL AS INTEGER)"
    no_label = "CAST(NULL AS TEXT)"
    papers = Publication._meta.db_table
    people = Contributor._meta.db_table
    parts = [
        f"SELECT 'p' AS kind, g.k, p.slug, CAST(NULL AS INTEGER), g.n, p.name FROM "
        f"(SELECT pub AS k, COUNT(*) AS n FROM m GROUP BY pub) AS g JOIN {papers} p ON p.id = g.k",
        # Years from the per-day counts: the year is worked out once a day, not once an article.
        f"SELECT 'y', {year}, {nulls}, CAST(SUM(n) AS BIGINT), {no_label} FROM "
        f"(SELECT day, COUNT(*) AS n FROM m GROUP BY day) AS d GROUP BY {year}",
        f"SELECT 'g', CAST(NULL AS INTEGER), prefix, number, COUNT(*), {no_label} FROM m GROUP BY prefix, number",
        # The match drives the link rows (SQLite takes CROSS JOIN as the loop order; PostgreSQL plans
        # it as any join), never a scan of every byline. A contributor can be credited twice on one
        # article (two roles), so the articles are counted DISTINCT.
        f"SELECT * FROM (SELECT 'c', g.k, {nulls}, g.n, c.name FROM "
        "(SELECT l.contributor_id AS k, COUNT(DISTINCT l.article_id) AS n FROM m CROSS JOIN archive_byline l "
        f"WHERE l.article_id = m.id GROUP BY l.contributor_id) AS g JOIN {people} c ON c.id = g.k "
        f"ORDER BY g.n DESC, {by_name}, g.k LIMIT {TOP}) AS top_people",
    ]
    ArticleTag = article_tag_model()
    if ArticleTag is not None:  # one row per (article, tag): articletag_unique_article_tag
        tags = ArticleTag._meta.get_field("tag").related_model._meta.db_table
        parts.append(
            f"SELECT * FROM (SELECT 't', g.k, t.slug, CAST(NULL AS INTEGER), g.n, t.name FROM "
            f"(SELECT l.tag_id AS k, COUNT(*) AS n FROM m CROSS JOIN {ArticleTag._meta.db_table} l "
            f"WHERE l.article_id = m.id GROUP BY l.tag_id) AS g JOIN {tags} t ON t.id = g.k "
            f"ORDER BY g.n DESC, g.k LIMIT {TOP}) AS top_tags"
        )
    # The page shown: a bounded top-N sort of the match (LIMIT right on it), then numbered; a window
    # over the whole match would sort all of it.
    parts.append(
        f"SELECT 'r', id, {nulls}, ROW_NUMBER() OVER (ORDER BY {SQL_ORDER[sort]}), {no_label} FROM "
        f"(SELECT id, score, day, prefix, number, ord FROM m ORDER BY {SQL_ORDER[sort]} LIMIT %s OFFSET %s) AS shown"
    )
    materialized = "MATERIALIZED " if vendor == "postgresql" else ""
    columns = "m(id, pub, day, prefix, number, ord, score)"
    sql = f"WITH {columns} AS {materialized}({inner_sql}) " + " UNION ALL ".join(parts)
    return sql, [*params, limit, offset]


def facets(matching: QuerySet, sort: str = "date", offset: int = 0, limit: int = 0):
    """(count, facets, ids of one page of results in order) from one statement.

    ``matching`` must carry a ``head_score`` annotation (engine.with_head_score). facets is
    {"publication"|"year"|"page"|"contributor"|"tag": [{"value", "label", "count"}]}.
    """
    sql, params = _statement(matching, sort, offset, limit)
    result: dict[str, list] = {"publication": [], "year": [], "page": [], "contributor": [], "tag": []}
    by_page: dict[PageLabel, int] = {}
    shown: list[tuple[int, int]] = []
    count = 0
    with connections[matching.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, key, text, number, n, label in rows:
        if kind == "p":
            count += n
            result["publication"].append({"value": text, "label": label, "count": n})
        elif kind == "y":
            result["year"].append({"value": key, "label": f"{key}年", "count": n})
        elif kind == "g":
            by_page[PageLabel(text, number)] = n
        elif kind == "c":
            result["contributor"].append({"value": key, "label": label, "count": n})
        elif kind == "t":
            result["tag"].append({"value": text, "label": label, "count": n})
        else:
            shown.append((n, key))
    result["publication"] = sorted(result["publication"], key=lambda f: (-f["count"], f["label"]))[:TOP]
    result["year"].sort(key=lambda f: f["value"], reverse=True)
    result["page"] = [{"value": str(p), "label": p.display, "count": n} for p, n in sorted(by_page.items())]
    # UNION ALL keeps no order: the top lists are sorted again as the database ranked them.
    result["contributor"].sort(key=lambda f: (-f["count"], f["label"], f["value"]))
    result["tag"].sort(key=lambda f: -f["count"])
    return count, result, [pk for _, pk in sorted(shown)]
