"""Jump and back lines across issues."""

from django.contrib import admin

from archive.models import ContinuationMarker

from .common import LargeTableAdmin

HEAVY = ("imported_text", "imported_snapshot", "body", "repairs", "flags")


@admin.register(ContinuationMarker)
class ContinuationMarkerAdmin(LargeTableAdmin):
    """All jump and back lines, filterable by link status, to work through unlinked continuations."""

    list_display = ("text", "kind", "article", "page_display", "linked_article", "link_status")
    list_filter = ("link_status", "kind")
    list_select_related = ("article__page__issue__publication", "linked_article__page__issue__publication")
    search_fields = ("text", "article__headline", "linked_article__headline")
    autocomplete_fields = ("article", "linked_article")
    ordering = ("-id",)

    def get_queryset(self, request):
        heavy = [f"{rel}__{name}" for rel in ("article", "linked_article") for name in HEAVY]
        pages = ["article__page__source_text", "linked_article__page__source_text"]
        return super().get_queryset(request).defer(*heavy, *pages)

    @admin.display(description="所指版面")
    def page_display(self, obj):
        label = obj.page_label
        return label.display if label else "—"
