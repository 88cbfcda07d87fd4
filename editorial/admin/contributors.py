"""Contributors and bylines."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, Byline, Contributor

from .common import LargeTableAdmin, count_column, count_of, is_listing
from .contributor_merge import ContributorMergeMixin


@admin.register(Contributor)
class ContributorAdmin(ContributorMergeMixin, SimpleHistoryAdmin, LargeTableAdmin):
    """One row per person or agency; the counts show whom a merge or rename would touch."""

    list_display = ("name", "kind", "byline_count", "agency_count")
    list_filter = ("kind",)
    search_fields = ("name",)
    # contributor_unique_kind_name is an index on (kind, name); name alone is served by ordering on pk.
    ordering = ("-id",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_listing(request):
            qs = qs.annotate(
                byline_count=count_of(Byline, "contributor"), agency_count=count_of(Article, "agency")
            )
        return qs

    byline_count = count_column("byline_count", "署名篇数", sortable=False)
    agency_count = count_column("agency_count", "稿源篇数", sortable=False)


@admin.register(Byline)
class BylineAdmin(LargeTableAdmin):
    """Bylines across articles, to find and fix a misattributed credit."""

    list_display = ("contributor", "role", "article", "order")
    list_filter = ("role",)
    list_select_related = ("contributor", "article__page__issue__publication")
    search_fields = ("contributor__name", "role", "article__headline")
    autocomplete_fields = ("article", "contributor")
    ordering = ("-id",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer(
                "article__stored_imported_text",
                "article__imported_snapshot",
                "article__body",
                "article__repairs",
                "article__flags",
                "article__page__source_text",
            )
        )
