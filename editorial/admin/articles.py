"""Articles: the editable text beside what was imported, with every change on record."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, Byline, ContinuationMarker

from .common import is_listing
from .tags import ArticleTaggingMixin


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
class ArticleAdmin(ArticleTaggingMixin, SimpleHistoryAdmin):
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
