"""sitemap.xml as an index of issue, page and article sitemaps (django.contrib.sitemaps), published only.

Each section is split into files of LIMIT URLs. The index's lastmod per section is one MAX() aggregate
(Django's default would call lastmod() on every item of the archive).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Article, Issue, Page

LIMIT = 5000


class PublishedSitemap(Sitemap):
    limit = LIMIT
    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]


class IssueSitemap(PublishedSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Issue.objects.published()
            .select_related("publication")
            .only("date", "updated_at", "publication__slug")
            .order_by("pk")
        )

    def lastmod(self, issue):
        return issue.updated_at


class PageSitemap(PublishedSitemap):
    changefreq = "monthly"
    lastmod_field = "issue__updated_at"

    def items(self):
        return (
            Page.objects.published()
            .select_related("issue__publication")
            .only("prefix", "number", "issue__date", "issue__updated_at", "issue__publication__slug")
            .order_by("pk")
        )

    def lastmod(self, page):
        return page.issue.updated_at


class ArticleSitemap(PublishedSitemap):
    changefreq = "yearly"

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
