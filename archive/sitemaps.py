"""sitemap.xml as an index of issue, page and article sitemaps (django.contrib.sitemaps), published only."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Issue, Page


class IssueSitemap(Sitemap):
    limit = 5000
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


class PageSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def items(self):
        return (
            Page.objects.published()
            .select_related("issue__publication")
            .only("prefix", "number", "issue__date", "issue__updated_at", "issue__publication__slug")
            .order_by("pk")
        )

    def lastmod(self, page):
        return page.issue.updated_at


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "yearly"

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
