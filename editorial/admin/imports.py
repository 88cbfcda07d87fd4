"""Import records and flags: what each import reported, and the 待核查 queue editors work through."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from ..labels import FLAG_KINDS, flag_label, repair_label
from ..models import ArticleFlag, ImportRecord
from .common import LargeTableAdmin


class ResolvedFilter(admin.SimpleListFilter):
    """Work queue: flags nobody has marked resolved yet."""

    title = "处理情况"
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return (("no", "待处理"), ("yes", "已处理"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unresolved()
        if self.value() == "yes":
            return queryset.resolved()
        return queryset


class FlagKindFilter(admin.SimpleListFilter):
    """The kinds the parser raises, from the label table: no DISTINCT over every flag of the archive."""

    title = "类别"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(FLAG_KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.action(description="标为已处理", permissions=["resolve"])
def resolve_flags(modeladmin, request, queryset):
    n = 0
    for flag in queryset.unresolved():
        flag.resolve(request.user)
        n += 1
    modeladmin.message_user(request, f"已把 {n} 项标为已处理。", messages.SUCCESS)


@admin.register(ArticleFlag)
class ArticleFlagAdmin(LargeTableAdmin):
    """Every flag the importer raised, newest first, filterable by whether an editor has checked it."""

    list_display = ("kind_display", "text", "article", "resolved_by", "resolved_at")
    list_filter = (ResolvedFilter, FlagKindFilter, "article__issue__publication")
    list_select_related = ("article__page__issue__publication", "resolved_by")
    search_fields = ("text", "article__headline")
    autocomplete_fields = ("article",)
    readonly_fields = ("article", "position", "kind", "text", "resolved_by", "resolved_at")
    actions = (resolve_flags,)

    def has_add_permission(self, request):
        return False  # flags come from the importer

    def has_resolve_permission(self, request):
        return request.user.has_perm("editorial.resolve_articleflag")

    @admin.display(description="类别", ordering="kind")
    def kind_display(self, obj):
        return obj.kind_display


def listing(items, keys) -> str:
    """A short readable list of a record's repairs or flags."""
    if not items:
        return "—"
    rows = ([" · ".join(str(item.get(k) or "") for k in keys)] for item in items)
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))


class ImportRecordView:
    """Read-only display columns shared by the record admin and the issue's inline."""

    @admin.display(description="文件")
    def files_display(self, obj):
        rows = (
            [
                f"{f.get('page')}版 {f.get('name')} · {f.get('encoding')} · {f.get('outcome')} · {str(f.get('sha256'))[:12]}"
            ]
            for f in obj.files
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))

    @admin.display(description="汇总")
    def summary_display(self, obj):
        s = obj.summary
        return (
            f"{s.get('pages', 0)} 版导入，{s.get('skipped_pages_unchanged', 0)} 版未变；{s.get('articles', 0)} 篇文章，"
            f"{s.get('bylines', 0)} 条署名，{s.get('repairs', 0)} 处修复，{s.get('flags', 0)} 处待核查，"
            f"{s.get('unmatched_markers', 0)} 个转版未关联"
        )

    @admin.display(description="未关联转版")
    def unmatched_display(self, obj):
        return listing([{"line": line} for line in obj.unmatched], ("line",))

    @admin.display(description="分栏修复")
    def repairs_display(self, obj):
        items = [{**r, "kind": repair_label(r.get("kind", ""))} for r in obj.repairs]
        return listing(items, ("page", "headline", "kind", "before", "after"))

    @admin.display(description="待核查")
    def flags_display(self, obj):
        items = [{**f, "kind": flag_label(f.get("kind", ""))} for f in obj.flags]
        return listing(items, ("page", "headline", "kind", "text"))


@admin.register(ImportRecord)
class ImportRecordAdmin(ImportRecordView, LargeTableAdmin):
    """Every import, newest first; records are kept as reported and never edited."""

    list_display = ("created_at", "issue", "source", "user", "repair_count", "flag_count", "unmatched_count")
    list_filter = ("source", "issue__publication")
    list_select_related = ("issue__publication", "user")
    search_fields = ("issue__publication__name", "issue__date")
    date_hierarchy = "created_at"
    fields = (
        "issue",
        "source",
        "user",
        "created_at",
        "summary_display",
        "files_display",
        "unmatched_display",
        "repairs_display",
        "flags_display",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportRecordInline(ImportRecordView, admin.TabularInline):
    """The issue's imports, newest first, on the issue's admin page."""

    model = ImportRecord
    fields = ("created_at", "source", "user", "summary_display", "files_display")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "导入记录"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")
