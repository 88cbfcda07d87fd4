"""Facet counts next to the results: how many of the matching articles fall in each value.

All counts come from ONE statement that evaluates the match once: a materialized CTE of the
matching articles' (paper, date, page), grouped for count, publication, year and page, plus the
contributor and tag groups over the link rows of those articles. Values are what the filters accept.
The tag facet appears when the tags app's ArticleTag model is installed.
"""

from __future__ import annotations

from collections import Counter

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

    Rows (kind, key, page prefix, page number, n): ('p', paper id) per paper, ('y', year) per year,
    ('g', …, prefix, number) per page label, ('c'|'t', contributor or tag id) per link, each with its
    count; ('r', article id, …, position) for the page of results. Every facet is grouped in the
    database, so what comes back is as small as the facets are, however many articles match.
    """
    vendor = connections[matching.db].vendor
    inner = matching.order_by().values_list(
        "pk", "issue__publication_id", "issue__date", "page__prefix", "page__number", "order", "head_score"
    )
    inner_sql, params = inner.query.sql_with_params()
    year = (
        "CAST(EXTRACT(YEAR FROM day) AS INTEGER)"
        if vendor == "postgresql"
        else "CAST(substr(day, 1, 4) AS INTEGER)"
    )
    # The match drives the link rows (SQLite takes CROSS JOIN as the loop order; PostgreSQL plans it as
    # any join), never a scan of every byline. A contributor can be credited twice on one article (two
    # roles), so its articles are counted DISTINCT.
    links = [("c", "archive_byline", "l.contributor_id", "COUNT(DISTINCT l.article_id)")]
    ArticleTag = article_tag_model()
    if ArticleTag is not None:  # one row per (article, tag): articletag_unique_article_tag
        links.append(("t", ArticleTag._meta.db_table, "l.tag_id", "COUNT(*)"))
    nulls = "CAST(NULL AS TEXT), CAST(NULL AS INTEGER)"
    parts = [
        f"SELECT 'p' AS kind, pub AS k, {nulls}, COUNT(*) AS n FROM m GROUP BY pub",
        f"SELECT 'y', {year}, {nulls}, CAST(SUM(n) AS BIGINT) FROM (SELECT day, COUNT(*) AS n FROM m GROUP BY day) AS d GROUP BY {year}",
        "SELECT 'g', CAST(NULL AS INTEGER), prefix, number, COUNT(*) FROM m GROUP BY prefix, number",
    ]
    parts += [
        f"SELECT '{kind}', {key}, {nulls}, {count} FROM m CROSS JOIN {table} l WHERE l.article_id = m.id GROUP BY {key}"
        for kind, table, key, count in links
    ]
    # The page shown: a bounded top-N sort of the match (LIMIT right on it), then numbered; a window
    # over the whole match would sort all of it.
    parts.append(
        f"SELECT 'r', id, {nulls}, ROW_NUMBER() OVER (ORDER BY {SQL_ORDER[sort]}) FROM "
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
    by_paper: Counter = Counter()
    by_year: Counter = Counter()
    by_page: Counter = Counter()
    links: dict[str, Counter] = {"c": Counter(), "t": Counter()}
    shown: list[tuple[int, int]] = []
    with connections[matching.db].cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, prefix, number, n in cursor.fetchall():
            if kind == "p":
                by_paper[key] += n
            elif kind == "y":
                by_year[key] += n
            elif kind == "g":
                by_page[PageLabel(prefix, number)] += n
            elif kind == "r":
                shown.append((n, key))
            else:
                links[kind][key] += n
    papers = Publication.objects.using(matching.db).in_bulk(list(by_paper))
    top_people = links["c"].most_common()
    people = Contributor.objects.using(matching.db).in_bulk([k for k, _ in top_people[: TOP * 3]])
    result = {
        "publication": [
            {"value": papers[pk].slug, "label": papers[pk].name, "count": n}
            for pk, n in sorted(by_paper.items(), key=lambda kv: (-kv[1], papers[kv[0]].name))[:TOP]
        ],
        "year": [
            {"value": y, "label": f"{y}年", "count": n} for y, n in sorted(by_year.items(), reverse=True)
        ],
        "page": [{"value": str(p), "label": p.display, "count": n} for p, n in sorted(by_page.items())],
        "contributor": [
            {"value": pk, "label": people[pk].name, "count": n}
            for pk, n in sorted(
                top_people, key=lambda kv: (-kv[1], people[kv[0]].name if kv[0] in people else "")
            )[:TOP]
            if pk in people
        ],
        "tag": _tags(matching.db, links["t"]),
    }
    return sum(by_paper.values()), result, [pk for _, pk in sorted(shown)]


def _tags(db: str, counts: Counter) -> list[dict]:
    ArticleTag = article_tag_model()
    if ArticleTag is None or not counts:
        return []
    Tag = ArticleTag._meta.get_field("tag").related_model
    top = counts.most_common(TOP)
    tags = Tag.objects.using(db).in_bulk([pk for pk, _ in top])
    return [{"value": tags[pk].slug, "label": tags[pk].name, "count": n} for pk, n in top if pk in tags]
