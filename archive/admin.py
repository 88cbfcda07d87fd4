"""The newsroom's admin for the published record: every model visible and editable from day one."""

from django.contrib import admin, messages
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from editorial.workflow import set_issues_status

from .models import Article, Byline, ContinuationMarker, Contributor, Issue, Page, Publication, Status


def count_of(model, fk: str, **filters):
    """A correlated COUNT subquery, so changelists show counts without a query per row or a fan-out join."""
    rows = (
        model._default_manager.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def count_column(attr: str, description: str, sortable: bool = True):
    """A changelist column that shows a count annotated by get_queryset, sortable by it."""

    @admin.display(description=description, ordering=attr if sortable else None)
    def column(self, obj):
        return getattr(obj, attr)

    column.__name__ = attr
    return column


def is_listing(request) -> bool:
    """True on changelists and autocomplete lookups, where big text columns would only be thrown away."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith(("_changelist", "autocomplete")))


@admin.action(description="发布所选期次（连同其中文章）", permissions=["change"])
def publish_issues(modeladmin, request, queryset):
    n = set_issues_status(queryset.values_list("pk", flat=True), Status.PUBLISHED, request.user)
    modeladmin.message_user(request, f"已发布 {n} 期，读者现在可以看到。", messages.SUCCESS)


@admin.action(description="退回审核（读者将看不到）", permissions=["change"])
def return_issues_to_review(modeladmin, request, queryset):
    n = set_issues_status(queryset.values_list("pk", flat=True), Status.REVIEW, request.user)
    modeladmin.message_user(request, f"已将 {n} 期退回审核。", messages.WARNING)


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


class SummaryInline(admin.TabularInline):
    """A read-only table of children that are edited on their own change pages."""

    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class PageSummaryInline(SummaryInline):
    """An issue's pages, with how many articles start on each."""

    model = Page
    fields = ("label_display", "name", "article_count", "source_name", "imported_at")
    verbose_name_plural = "本期版面"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=count_of(Article, "page"))

    @admin.display(description="版次")
    def label_display(self, obj):
        return f"{obj.label}版"

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
    inlines = (PageSummaryInline,)
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
        return f"{obj.label}版"

    article_count = count_column("article_count", "文章数")


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
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


class FlaggedFilter(admin.SimpleListFilter):
    """Work queue: articles the importer asked an editor to check."""

    title = "有待核查标记"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return (("yes", "有"), ("no", "无"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(flags=[])
        if self.value() == "no":
            return queryset.filter(flags=[])
        return queryset


class UnlinkedMarkerFilter(admin.SimpleListFilter):
    """Work queue: continued pieces whose jump or back line is not linked to its other part yet."""

    title = "未关联的转版"
    parameter_name = "unlinked"

    def lookups(self, request, model_admin):
        return (("yes", "有"), ("no", "无"))

    def queryset(self, request, queryset):
        unlinked = Exists(
            ContinuationMarker.objects.filter(
                article=OuterRef("pk"), link_status=ContinuationMarker.LinkStatus.NONE
            )
        )
        if self.value() == "yes":
            return queryset.filter(unlinked)
        if self.value() == "no":
            return queryset.exclude(unlinked)
        return queryset


class BylineInline(admin.TabularInline):
    """Bylines are edited with the article they credit."""

    model = Byline
    fields = ("order", "role", "contributor")
    autocomplete_fields = ("contributor",)
    extra = 0


class ContinuationMarkerInline(admin.TabularInline):
    """Jump and back lines, where an editor links or rejects the other part of a continued piece."""

    model = ContinuationMarker
    fk_name = "article"
    fields = ("order", "kind", "text", "page_prefix", "page_number", "linked_article", "link_status")
    autocomplete_fields = ("linked_article",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("linked_article__page__issue__publication")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "linked_article":
            kwargs["queryset"] = Article.objects.select_related("page__issue__publication")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    """Articles keep what was imported read-only beside the editable text, with every change on record."""

    list_display = ("headline_display", "page", "order", "status", "edited", "flag_count")
    list_filter = ("status", FlaggedFilter, UnlinkedMarkerFilter, "issue__status", "issue__publication")
    list_select_related = ("page__issue__publication",)
    search_fields = ("headline", "kicker", "subtitle", "section", "issue__publication__name", "issue__date")
    autocomplete_fields = ("issue", "page", "agency")
    readonly_fields = ("imported_text", "repairs_display", "flags_display", "created_at", "updated_at")
    inlines = (BylineInline, ContinuationMarkerInline)
    show_full_result_count = False  # a second COUNT(*) over every article is slow on a large archive
    history_list_display = ("status",)
    fieldsets = (
        ("位置", {"fields": ("issue", "page", "order", "status")}),
        ("标题组", {"fields": ("section", "kicker", "headline", "subtitle")}),
        ("电头与日期", {"fields": ("agency", "dateline_place", "dateline_date", "document_date")}),
        ("正文", {"fields": ("body",)}),
        (
            "导入记录（只读）",
            {"fields": ("flags_display", "repairs_display", "imported_text", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("page__issue__publication")
        if is_listing(request):
            qs = qs.defer("imported_text", "repairs", "page__source_text")
        return qs

    @admin.display(description="主题", ordering="headline")
    def headline_display(self, obj):
        return obj.headline or "（无标题）"

    @admin.display(description="已修改", boolean=True)
    def edited(self, obj):
        return obj.is_edited

    @admin.display(description="待核查数")
    def flag_count(self, obj):
        return len(obj.flags or [])

    @admin.display(description="待核查")
    def flags_display(self, obj):
        return self._json_list(obj.flags, ("kind", "text"))

    @admin.display(description="导入修复")
    def repairs_display(self, obj):
        return self._json_list(obj.repairs, ("kind", "before", "after"))

    @staticmethod
    def _json_list(items, keys):
        """Render the importer's list of dicts as a readable list instead of raw JSON."""
        if not items:
            return "—"
        rows = (
            [" · ".join(str(item.get(k, "")) for k in keys if item.get(k))]
            if isinstance(item, dict)
            else [str(item)]
            for item in items
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    """Bylines across articles, to find and fix a misattributed credit."""

    list_display = ("contributor", "role", "article", "order")
    list_filter = ("role",)
    list_select_related = ("contributor", "article__page__issue__publication")
    search_fields = ("contributor__name", "role", "article__headline")
    autocomplete_fields = ("article", "contributor")
    show_full_result_count = False


@admin.register(ContinuationMarker)
class ContinuationMarkerAdmin(admin.ModelAdmin):
    """All jump and back lines, filterable by link status, to work through unlinked continuations."""

    list_display = ("text", "kind", "article", "page_display", "linked_article", "link_status")
    list_filter = ("link_status", "kind")
    list_select_related = ("article__page__issue__publication", "linked_article__page__issue__publication")
    search_fields = ("text", "article__headline", "linked_article__headline")
    autocomplete_fields = ("article", "linked_article")
    show_full_result_count = False

    @admin.display(description="所指版面")
    def page_display(self, obj):
        if obj.page_number is None:
            return "—"
        return f"{obj.page_prefix}{obj.page_number}版" if obj.page_prefix else f"{obj.page_number:02d}版"
