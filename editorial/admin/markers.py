"""Jump and back lines, and the links that join them: the picker, the link list and bulk decisions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from archive.models import ContinuationLink, ContinuationMarker

from .common import LargeTableAdmin


def describe_link(marker: ContinuationMarker) -> str:
    """One marker's link state in words: 已确认 → 02版 · 书香沁政协（上接01版）, or 未关联."""
    link = marker.active_link
    if link is None:
        return "未关联"
    return f"{link.get_status_display()} → {marker.partner_of(link).label}"


def marker_link(marker: ContinuationMarker) -> str:
    """The marker's label linking to its article's admin page."""
    url = reverse("admin:archive_article_change", args=[marker.article_id])
    return format_html('<a href="{}">{}</a>', url, marker.label)


class LinkedFilter(admin.SimpleListFilter):
    """Work queue: markers still waiting for a partner."""

    title = "关联情况"
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return (("no", "未关联"), ("yes", "已关联"))

    def queryset(self, request, queryset):
        unlinked = ContinuationMarker.objects.unlinked().values("pk")
        if self.value() == "no":
            return queryset.filter(pk__in=unlinked)
        if self.value() == "yes":
            return queryset.exclude(pk__in=unlinked)
        return queryset


HEAVY = ("stored_imported_text", "imported_snapshot", "body", "repairs", "flags")


@admin.register(ContinuationMarker)
class ContinuationMarkerAdmin(LargeTableAdmin):
    """All jump and back lines; the picker for links searches them by page (02版) or headline."""

    list_display = ("text", "kind", "article", "page_display", "link_display")
    list_filter = (LinkedFilter, "kind")
    list_select_related = ("article__page__issue__publication",)
    search_fields = ("text", "article__headline")
    autocomplete_fields = ("article",)
    ordering = ("-id",)

    def get_queryset(self, request):
        heavy = [f"article__{name}" for name in HEAVY]
        return (
            super()
            .get_queryset(request)
            .select_related("article__page__issue__publication")
            .defer(*heavy, "article__page__source_text")
            .with_links()
        )

    def get_search_results(self, request, queryset, search_term):
        """'02版' or 'A3' finds the markers printed on that page; anything else searches headline and text."""
        if not search_term.strip():
            return queryset, False
        queryset = queryset.search_label(search_term)
        side = request.GET.get("model_name") == "continuationlink" and request.GET.get("field_name")
        if side in ("jump", "back"):  # the picker for one side offers only markers of that kind
            queryset = queryset.filter(kind=side)
        return queryset, False

    @admin.display(description="所指版面")
    def page_display(self, obj):
        label = obj.page_label
        return label.display if label else "—"

    @admin.display(description="关联")
    def link_display(self, obj):
        return describe_link(obj)


def decide(modeladmin, request, queryset, status: str, verb: str) -> None:
    """Confirm or reject the chosen pairs one by one, reporting any the checks refuse."""
    done, refused = 0, []
    for link in queryset.with_markers():
        try:
            link.decide(status, request.user)
            done += 1
        except ValidationError as exc:
            refused.append(f"{link}：{'；'.join(exc.messages)}")
    modeladmin.message_user(request, f"已{verb} {done} 个转版关联。", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, f"未能{verb}：{line}", messages.ERROR)


@admin.action(description="确认所选关联", permissions=["decide"])
def confirm_links(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, ContinuationLink.Status.CONFIRMED, "确认")


@admin.action(description="否决所选关联（不再自动提议）", permissions=["decide"])
def reject_links(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, ContinuationLink.Status.REJECTED, "否决")


@admin.register(ContinuationLink)
class ContinuationLinkAdmin(LargeTableAdmin):
    """Every link as one row: pick the two sides by page or headline; confirm or reject in bulk.

    Newest first (the primary key's order): sorting every link by its page would read the whole table.
    """

    list_display = (
        "jump_display",
        "back_display",
        "status",
        "score_display",
        "reason",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "jump__article__issue__publication")
    list_select_related = ("jump__article__page", "back__article__page", "decided_by")
    search_fields = ("jump__article__headline", "back__article__headline", "jump__text", "back__text")
    autocomplete_fields = ("jump", "back")
    fields = ("jump", "back", "status", "reason", "score", "decided_by", "decided_at")
    readonly_fields = ("score", "decided_by", "decided_at")
    actions = (confirm_links, reject_links)

    def has_decide_permission(self, request):
        return request.user.has_perm("archive.decide_continuationlink")

    def has_add_permission(self, request):
        return self.has_decide_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_decide_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_decide_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).with_markers()

    def save_model(self, request, obj, form, change):
        obj.decided_by, obj.decided_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description="下转（前半部分）", ordering="jump__article__page__number")
    def jump_display(self, obj):
        return marker_link(obj.jump)

    @admin.display(description="上接（接续部分）", ordering="back__article__page__number")
    def back_display(self, obj):
        return marker_link(obj.back)

    @admin.display(description="匹配分", ordering="score")
    def score_display(self, obj):
        return "—" if obj.score is None else f"{obj.score:.2f}"
