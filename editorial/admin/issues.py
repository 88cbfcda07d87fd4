"""Issues and their pages: the newsroom's release board."""

from django.contrib import admin, messages

from archive.models import Article, Issue, Page, Status
from editorial.workflow import set_issues_status

from .common import SummaryInline, count_column, count_of, is_listing
from .imports import ImportRecordInline


@admin.action(description="发布所选期次（连同其中文章）", permissions=["change"])
def publish_issues(modeladmin, request, queryset):
    n = set_issues_status(queryset.values_list("pk", flat=True), Status.PUBLISHED, request.user)
    modeladmin.message_user(request, f"已发布 {n} 期，读者现在可以看到。", messages.SUCCESS)


@admin.action(description="退回审核（读者将看不到）", permissions=["change"])
def return_issues_to_review(modeladmin, request, queryset):
    n = set_issues_status(queryset.values_list("pk", flat=True), Status.REVIEW, request.user)
    modeladmin.message_user(request, f"已将 {n} 期退回审核。", messages.WARNING)


class PageSummaryInline(SummaryInline):
    """An issue's pages, with how many articles start on each."""

    model = Page
    fields = ("label_display", "name", "article_count", "source_name", "imported_at")
    verbose_name_plural = "本期版面"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=count_of(Article, "page"))

    @admin.display(description="版次")
    def label_display(self, obj):
        return obj.page_label.display

    article_count = count_column("article_count", "文章数", sortable=False)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """Issues are the unit of publishing: the list is the newsroom's release board."""

    list_display = ("date", "publication", "number", "status", "page_count", "article_count", "published_at")
    list_filter = ("status", "publication")
    list_select_related = ("publication",)
    search_fields = ("publication__name", "publication__short_name", "date")
    date_hierarchy = "date"
    autocomplete_fields = ("publication",)
    readonly_fields = ("published_at", "created_at", "updated_at")
    inlines = (PageSummaryInline, ImportRecordInline)
    actions = (publish_issues, return_issues_to_review)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("publication")
            .annotate(page_count=count_of(Page, "issue"), article_count=count_of(Article, "issue"))
        )

    page_count = count_column("page_count", "版数")
    article_count = count_column("article_count", "文章数")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Changing the status by hand must move the articles too, exactly like the actions do.
        if change and "status" in form.changed_data:
            set_issues_status([obj.pk], obj.status, request.user)
            obj.refresh_from_db()


class ArticleSummaryInline(SummaryInline):
    """The articles that start on a page, in print order."""

    model = Article
    fields = ("order", "section", "kicker", "headline", "status")
    verbose_name_plural = "本版文章"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Pages keep the imported text untouched; staff edit only the name, credits and numbering."""

    list_display = ("__str__", "label_display", "name", "article_count", "source_name", "imported_at")
    list_filter = ("issue__status", "issue__publication")
    list_select_related = ("issue__publication",)
    search_fields = ("name", "issue__publication__name", "issue__date", "source_name")
    autocomplete_fields = ("issue",)
    fields = (
        "issue",
        "prefix",
        "number",
        "name",
        "credits",
        "source_name",
        "source_encoding",
        "source_sha256",
        "imported_at",
        "source_text",
    )
    readonly_fields = ("source_name", "source_encoding", "source_sha256", "imported_at", "source_text")
    inlines = (ArticleSummaryInline,)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("issue__publication")
        if is_listing(request):
            qs = qs.defer("source_text")
        return qs.annotate(article_count=count_of(Article, "page"))

    @admin.display(description="版次", ordering="number")
    def label_display(self, obj):
        return obj.page_label.display

    article_count = count_column("article_count", "文章数")
