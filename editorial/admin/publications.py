"""Papers, and the publishing record across all of them."""

from django.contrib import admin

from archive.models import Issue, Publication, Status
from editorial.models import PublicationEvent

from .common import LargeTableAdmin, count_column, count_of


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Papers are few; the list mainly shows how much of each is in the archive."""

    list_display = ("name", "short_name", "slug", "issue_count", "published_count")
    search_fields = ("name", "short_name", "slug")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                issue_count=count_of(Issue, "publication"),
                published_count=count_of(Issue, "publication", status=Status.PUBLISHED),
            )
        )

    issue_count = count_column("issue_count", "期数")
    published_count = count_column("published_count", "已发布")


@admin.register(PublicationEvent)
class PublicationEventAdmin(LargeTableAdmin):
    """Who sent, published or withdrew which issue and when, with any override of the gate: read only."""

    list_display = ("at", "issue", "action", "from_status", "to_status", "user", "overridden")
    list_filter = ("action", "issue__publication")
    list_select_related = ("issue__publication", "user")
    ordering = ("-id",)  # the primary key index serves it, and ids grow with time
    fields = (
        "issue",
        "action",
        "from_status",
        "to_status",
        "user",
        "at",
        "override_reason",
        "problems_display",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issue__publication", "user")

    @admin.display(description="越过检查", boolean=True)
    def overridden(self, obj):
        return obj.overridden

    @admin.display(description="当时的检查结果")
    def problems_display(self, obj):
        return "；".join(obj.problems) if obj.problems else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
