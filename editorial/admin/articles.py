"""Articles: the editable text beside what was imported, with every change on record."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join

from archive.models import Article, Byline, ContinuationMarker, Correction
from archive.search.admin import SearchEngineAdminMixin
from editorial import revisions
from editorial.labels import repair_label
from editorial.models import ArticleFlag

from .article_form import ArticleForm
from .article_revisions import ArticleRevisionsMixin
from .common import LargeTableAdmin, VerboseInlineFormSet, count_column, count_of, is_listing
from .markers import describe_link
from .tags import ArticleTaggingMixin

# The reason recorded when no 修改原因 was typed (it is required only for text and headline group).
DEFAULT_REASONS = {Byline: "修改署名", ContinuationMarker: "修改转版标记", Correction: "提出更正"}

# Where an article stands and whom it credits; only those who may place articles (编辑, 值班主任) change
# them. A 校对 corrects the text and headline group (bylines and markers are read-only inlines for the
# same reason: the role has no byline or marker permissions).
PLACEMENT_FIELDS = ("issue", "page", "order", "agency")
PLACE_PERMISSION = "archive.add_article"


class FlaggedFilter(admin.SimpleListFilter):
    """Work queue: articles with an importer flag no editor has marked resolved yet."""

    title = "有未处理的待核查项"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return (("yes", "有"), ("no", "无"))

    def queryset(self, request, queryset):
        unreviewed = Article.objects.with_unreviewed_flags().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=unreviewed)
        if self.value() == "no":
            return queryset.exclude(pk__in=unreviewed)
        return queryset


class UnlinkedMarkerFilter(admin.SimpleListFilter):
    """Work queue: continued pieces whose jump or back line is not linked to its other part yet."""

    title = "未关联的转版"
    parameter_name = "unlinked"

    def lookups(self, request, model_admin):
        return (("yes", "有"), ("no", "无"))

    def queryset(self, request, queryset):
        unlinked = Exists(ContinuationMarker.objects.unlinked().filter(article=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(unlinked)
        if self.value() == "no":
            return queryset.exclude(unlinked)
        return queryset


class BylineInline(admin.TabularInline):
    """Bylines are edited with the article they credit."""

    model = Byline
    formset = VerboseInlineFormSet
    fields = ("order", "role", "contributor")
    autocomplete_fields = ("contributor",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contributor")


class ContinuationMarkerInline(admin.TabularInline):
    """Jump and back lines as printed, with their link; links are decided on the issue's review page."""

    model = ContinuationMarker
    formset = VerboseInlineFormSet
    fk_name = "article"
    fields = ("order", "kind", "text", "page_prefix", "page_number", "link_display")
    readonly_fields = ("link_display",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__page").with_links()

    @admin.display(description="关联")
    def link_display(self, obj):
        return describe_link(obj)


class CorrectionInline(admin.StackedInline):
    """Errata are proposed here; a 值班主任 approves them in 更正, then readers see them."""

    model = Correction
    fields = ("note", "printed_text", "corrected_text", "status", "created_by", "approved_by", "approved_at")
    readonly_fields = ("status", "created_by", "approved_by", "approved_at")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "approved_by")

    def has_change_permission(self, request, obj=None):
        return False  # an erratum, once proposed, is changed in 更正 where its approval is checked


@admin.register(Article)
class ArticleAdmin(SearchEngineAdminMixin, ArticleTaggingMixin, ArticleRevisionsMixin, LargeTableAdmin):
    """Articles are edited as text; every save is a versioned revision with who, when and why."""

    form = ArticleForm
    list_display = ("headline_display", "page", "order", "edited", "flag_count", "version")
    list_filter = (FlaggedFilter, UnlinkedMarkerFilter, "issue__status", "issue__publication")
    list_select_related = ("page__issue__publication",)
    search_fields = ("headline", "kicker", "subtitle", "section", "issue__publication__name", "issue__date")
    autocomplete_fields = ("issue", "page", "agency")
    readonly_fields = (
        "imported_text_display",
        "repairs_display",
        "flags_display",
        "created_at",
        "updated_at",
        "version",
    )
    inlines = (BylineInline, ContinuationMarkerInline, CorrectionInline)
    fieldsets = (
        ("位置", {"fields": ("issue", "page", "order")}),
        ("标题组", {"fields": ("section", "kicker", "headline", "subtitle")}),
        ("电头与日期", {"fields": ("agency", "dateline_place", "dateline_date", "document_date")}),
        ("正文", {"fields": ("body_text",)}),
        ("修改原因", {"fields": ("change_reason", "loaded_version", "version")}),
        (
            "导入记录（只读）",
            {
                "fields": (
                    "flags_display",
                    "repairs_display",
                    "imported_text_display",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    class Media:
        css = {"all": ("css/admin-article.css",)}

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("page__issue__publication")
        if is_listing(request):
            qs = qs.defer("stored_imported_text", "repairs", "page__source_text").annotate(
                open_flags=count_of(ArticleFlag, "article", resolved_at__isnull=True)
            )
        return qs

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.has_perm(PLACE_PERMISSION):
            return (*PLACEMENT_FIELDS, *fields)
        return fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except revisions.StaleEdit:
            # Someone saved between this form's checks and its write; nothing was written (the
            # transaction rolled back). Validating again now shows who and what, with the text kept.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """A new article is saved here; a change is written in save_related, once the inlines are known."""
        if not change:
            obj._change_reason = form.cleaned_data.get("change_reason") or "新建文章"
            obj.save()

    def save_related(self, request, form, formsets, change):
        """Write a changed article with one versioned UPDATE and a revision, then its inline rows.

        A save that changes nothing writes nothing; one that changes only bylines, markers or
        errata still moves the article to a new version, so a form opened before it is stale.
        """
        changed_inlines = [fs for fs in formsets if fs.has_changed()]
        reason = (form.cleaned_data.get("change_reason") or "").strip() or "、".join(
            dict.fromkeys(DEFAULT_REASONS.get(fs.model, "修改") for fs in changed_inlines)
        )
        if change and (form.has_changed() or changed_inlines):
            reason = reason or "修改位置或稿源"
            model_fields = {f.name for f in Article._meta.concrete_fields}
            fields = [name for name in form.base_fields if name in model_fields]
            obj = form.instance
            revisions.save_article(
                obj, form.cleaned_data["loaded_version"], [*fields, "body"], request.user, reason
            )
        form.save_m2m()
        for formset in formsets:
            self._save_inline(request, formset, reason or "新建文章")

    def _save_inline(self, request, formset, reason: str):
        """Inline rows get the same 修改原因 in their own history; errata remember who proposed them."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        for obj in instances:
            obj._change_reason = reason
            if isinstance(obj, Correction) and obj.created_by_id is None:
                obj.created_by = request.user
            obj.save()
        formset.save_m2m()

    @admin.display(description="导入原文")
    def imported_text_display(self, obj):
        """The text as in the import file (read from the page's source when the article does not store it)."""
        return obj.imported_text

    @admin.display(description="主题", ordering="headline")
    def headline_display(self, obj):
        return obj.headline or "（无标题）"

    @admin.display(description="已修改", boolean=True)
    def edited(self, obj):
        return obj.is_edited

    flag_count = count_column("open_flags", "未处理待核查", sortable=False)

    @admin.display(description="待核查")
    def flags_display(self, obj):
        """The importer's flags with whether an editor has checked them (the rows, not the imported list)."""
        rows = [
            (
                flag.kind_display,
                flag.text,
                f"已处理：{flag.resolved_by or '—'}，{flag.resolved_at:%Y-%m-%d %H:%M}"
                if flag.is_resolved
                else "待处理",
            )
            for flag in obj.flag_reviews.select_related("resolved_by").order_by("position", "pk")
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>：{}（{}）</li>", rows)
        )

    @admin.display(description="导入修复")
    def repairs_display(self, obj):
        return self._kind_list(obj.repairs, repair_label, ("before", "after"))

    @staticmethod
    def _kind_list(items, label, keys):
        """The importer's records as a readable list: the kind in Chinese, then the text it concerns."""
        rows = [
            (label(str(item.get("kind", ""))), " · ".join(str(item[k]) for k in keys if item.get(k)))
            for item in items or []
            if isinstance(item, dict)
        ]
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>：{}</li>", rows))
