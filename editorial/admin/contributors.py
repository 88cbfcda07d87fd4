"""Contributors and bylines."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, Byline, Contributor

from .common import count_column, count_of
from .contributor_merge import ContributorMergeMixin


@admin.register(Contributor)
class ContributorAdmin(ContributorMergeMixin, SimpleHistoryAdmin):
    """One row per person or agency; the counts show whom a merge or rename would touch."""

    list_display = ("name", "kind", "byline_count", "agency_count")
    list_filter = ("kind",)
    search_fields = ("name",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(byline_count=count_of(Byline, "contributor"), agency_count=count_of(Article, "agency"))
        )

    byline_count = count_column("byline_count", "署名篇数")
    agency_count = count_column("agency_count", "稿源篇数")


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    """Bylines across articles, to find and fix a misattributed credit."""

    list_display = ("contributor", "role", "article", "order")
    list_filter = ("role",)
    list_select_related = ("contributor", "article__page__issue__publication")
    search_fields = ("contributor__name", "role", "article__headline")
    autocomplete_fields = ("article", "contributor")
    show_full_result_count = False
