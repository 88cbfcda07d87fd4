"""Public, read-only archive URLs: pages, feeds, sitemap, robots.txt, the JSON API and staff previews.

Fixed first segments come before the paper's slug; each of them is in RESERVED_SLUGS so no paper can take it.
Article permalinks /article/<id>/ never change.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter
from django.views.decorators.cache import cache_control

from . import converters, feeds, views
from .api import views as api
from .search import views as search_views
from .sitemaps import SITEMAPS

register_converter(converters.IsoDateConverter, "isodate")
register_converter(converters.YearConverter, "year")
register_converter(converters.PageLabelConverter, "pagelabel")

app_name = "archive"

PREVIEW = {"preview": True}
# Feeds and sitemaps change when an issue is published; an hour's caching is plenty for machines.
machine_cache = cache_control(public=True, max_age=3600)

api_patterns = [
    path("", api.root, name="api-root"),
    path("publications/", api.publications, name="api-publications"),
    path("issues/", api.issues, name="api-issues"),
    path("pages/", api.pages, name="api-pages"),
    path("articles/", api.articles, name="api-articles"),
    path("articles/<int:pk>/", api.article, name="api-article"),
    path("contributors/", api.contributors, name="api-contributors"),
    path("contributors/<int:pk>/", api.contributor, name="api-contributor"),
    path("search/", search_views.search_api, name="api-search"),
]

preview_patterns = [
    path("article/<int:pk>/", views.article_detail, PREVIEW, name="preview-article"),
    path("<slug:slug>/<isodate:date>/", views.issue_detail, PREVIEW, name="preview-issue"),
    path("<slug:slug>/<isodate:date>/<pagelabel:page>/", views.page_detail, PREVIEW, name="preview-page"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        machine_cache(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        machine_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("api/v1/", include(api_patterns)),
    path("feeds/corrections/", machine_cache(feeds.CorrectionsFeed()), name="feed-corrections"),
    path(
        "feeds/contributor/<int:pk>/", machine_cache(feeds.ContributorArticlesFeed()), name="feed-contributor"
    ),
    path("feeds/tag/<str:slug>/", machine_cache(feeds.TagArticlesFeed()), name="feed-tag"),
    path(
        "feeds/entity/<str:kind>/<str:slug>/", machine_cache(feeds.EntityArticlesFeed()), name="feed-entity"
    ),
    path("feeds/<slug:slug>/", machine_cache(feeds.PublicationIssuesFeed()), name="feed-publication"),
    path("preview/", include(preview_patterns)),
    path("article/<int:pk>/", views.article_detail, name="article"),
    path("article/<int:pk>/txt/", views.article_text, name="article-text"),
    path("search/", search_views.search_page, name="search"),
    path("contributor/<int:pk>/", views.contributor_detail, name="contributor"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("entity/<str:kind>/<str:slug>/", views.entity_detail, name="entity"),
    path("<slug:slug>/", views.publication_detail, name="publication"),
    path("<slug:slug>/<year:year>/", views.publication_detail, name="publication-year"),
    path("<slug:slug>/<isodate:date>/", views.issue_detail, name="issue"),
    path("<slug:slug>/<isodate:date>/<pagelabel:page>/", views.page_detail, name="page"),
]
