"""Papers."""

from django.contrib import admin

from archive.models import Issue, Publication, Status

from .common import count_column, count_of


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
