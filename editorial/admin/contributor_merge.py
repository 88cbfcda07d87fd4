"""Merging contributors and listing a person's bylines, added to ContributorAdmin as one mixin.

Kept apart from ``contributors.py`` so that module stays the list and form, and this one the merge:
``class ContributorAdmin(ContributorMergeMixin, SimpleHistoryAdmin, LargeTableAdmin)``.
"""

from django.contrib import admin
from django.core.paginator import Paginator

from archive.models import Article, Byline, ContributorAlias

from .common import count_of
from .merging import merge_action

BYLINES_PER_PAGE = 50


@admin.action(description="合并所选作者/机构（选择保留哪一个）", permissions=["change"])
def merge_contributors(modeladmin, request, queryset):
    """Fold duplicates of one person or agency into the record the editor keeps."""
    return merge_action(
        modeladmin,
        request,
        queryset,
        action="merge_contributors",
        count_label="署名 + 稿源篇数",
        moved="署名和稿源文章",
        counts=lambda qs: qs.annotate(
            merge_count=count_of(Byline, "contributor") + count_of(Article, "agency")
        ),
    )


class ContributorAliasInline(admin.TabularInline):
    """Records merged into this one; their old public URLs redirect here."""

    model = ContributorAlias
    fields = ("old_name", "old_id", "merged_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "合并记录（旧网址自动跳转到本条）"

    def has_add_permission(self, request, obj=None):
        return False


class ContributorMergeMixin:
    """The merge action, what was merged in, and every byline of the person on the change page, paginated."""

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), ContributorAliasInline)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["merge_contributors"] = self.get_action(merge_contributors)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        contributor = self.get_object(request, object_id)
        if contributor is not None:
            bylines = (
                Byline.objects.filter(contributor=contributor)
                .select_related("article__page__issue__publication")
                .only(
                    "role",
                    "article__headline",
                    "article__page__prefix",
                    "article__page__number",
                    "article__page__issue__date",
                    "article__page__issue__publication__name",
                )
                .order_by("-article__issue__date", "-article_id")
            )
            extra_context["byline_page"] = Paginator(bylines, BYLINES_PER_PAGE).get_page(request.GET.get("p"))
        return super().change_view(request, object_id, form_url, extra_context)
