"""Tags in the admin: the tag list with merge, and what the article admin needs to tag articles.

Everything tagging adds to ``ArticleAdmin`` lives in :class:`ArticleTaggingMixin`: the tag inline
with the suggestions panel, the one-click accept URL and the bulk-tag changelist action.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from archive.models import Article, ArticleTag, Tag, TagAlias
from editorial import suggestions

from .common import count_column, count_of
from .merging import merge_action

NAME_SPLIT = re.compile(r"[,，、;；\s]+")


def batched(ids, size: int = 2000):
    """Article ids in lists of ``size``, so tagging a whole filtered changelist never holds it all."""
    batch = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@admin.action(description="合并所选标签（选择保留哪一个）", permissions=["change"])
def merge_tags(modeladmin, request, queryset):
    return merge_action(
        modeladmin,
        request,
        queryset,
        action="merge_tags",
        count_label="文章数",
        moved="文章",
        counts=lambda qs: qs.annotate(merge_count=count_of(ArticleTag, "tag")),
    )


class TagAliasInline(admin.TabularInline):
    """Old slugs of this tag; their URLs redirect here."""

    model = TagAlias
    fields = ("kind", "slug")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "旧网址（自动跳转到本标签）"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Subject tags and accepted people, places and organisations; renaming keeps old URLs working."""

    list_display = ("name", "kind", "slug", "article_count")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    fields = ("kind", "name", "slug")
    inlines = (TagAliasInline,)
    actions = (merge_tags,)
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=count_of(ArticleTag, "tag"))

    article_count = count_column("article_count", "文章数")


class ArticleTagInline(admin.TabularInline):
    """An article's tags, picked by autocomplete, with suggestions from its text below them."""

    model = ArticleTag
    fields = ("tag",)
    autocomplete_fields = ("tag",)
    extra = 0
    template = "admin/archive/article/tag_inline.html"
    verbose_name = "标签"
    verbose_name_plural = "标签（主题、人物、地点、机构）"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag")


class BulkTagForm(forms.Form):
    """Tags to put on every selected article: existing ones by autocomplete, new ones typed."""

    tags = forms.ModelMultipleChoiceField(
        label="已有标签",
        queryset=Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(ArticleTag._meta.get_field("tag"), admin.site),
    )
    new_tags = forms.CharField(
        label="新主题标签",
        required=False,
        help_text="用逗号、顿号或空格分隔，如：环卫、民生。",
    )

    def names(self) -> list[str]:
        return [n for n in NAME_SPLIT.split(self.cleaned_data.get("new_tags") or "") if n]

    def clean(self):
        data = super().clean()
        if not data.get("tags") and not self.names():
            raise forms.ValidationError("请至少选择或填写一个标签。")
        for name in self.names():
            if len(name) > Tag._meta.get_field("name").max_length:
                raise forms.ValidationError(f"标签“{name[:20]}…”太长。")
        return data


TAG_ARTICLE_PERMISSION = "archive.add_articletag"
NEW_TAG_PERMISSION = "archive.add_tag"


@admin.action(description="给所选文章加标签", permissions=["tag"])
def tag_articles(modeladmin, request, queryset):
    """Put the same tags on every selected article in one transaction; tags already there stay once."""
    form = BulkTagForm(request.POST if request.POST.get("post") == "yes" else None)
    if form.is_bound and form.is_valid() and form.names() and not request.user.has_perm(NEW_TAG_PERMISSION):
        form.add_error("new_tags", "你没有新建标签的权限，请从已有标签中选择。")
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            tags = list(form.cleaned_data["tags"])
            for name in form.names():
                tag = Tag.objects.filter(kind=Tag.Kind.SUBJECT, name=name).first()
                tags.append(tag or Tag.objects.create(kind=Tag.Kind.SUBJECT, name=name))
            tagged = 0
            for batch in batched(queryset.order_by().values_list("pk", flat=True).iterator(chunk_size=2000)):
                ArticleTag.objects.bulk_create(
                    [ArticleTag(article_id=a, tag=t) for a in batch for t in tags], ignore_conflicts=True
                )
                tagged += len(batch)
        names = "、".join(t.name for t in tags)
        modeladmin.message_user(request, f"已给 {tagged} 篇文章加上标签：{names}。", messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "给所选文章加标签",
        "opts": modeladmin.opts,
        "form": form,
        "media": modeladmin.media + form.media,
        "articles": queryset.select_related("page__issue__publication").only(
            "headline", "page__prefix", "page__number", "page__issue__date", "page__issue__publication__name"
        )[:50],
        "count": queryset.count(),
        "select_across": request.POST.get("select_across") == "1",
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)[:10000],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archive/article/bulk_tag.html", context)


class ArticleTaggingMixin:
    """Tagging on the article admin: tag inline with suggestions, one-click accept, bulk tag action."""

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), ArticleTagInline)

    def has_tag_permission(self, request):
        """Tagging articles (the bulk action, one-click accept) needs the article-tag permission."""
        return request.user.has_perm(TAG_ARTICLE_PERMISSION)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_tag_permission(request):
            actions["tag_articles"] = self.get_action(tag_articles)
        return actions

    def get_urls(self):
        accept = path(
            "<path:object_id>/tags/accept/",
            self.admin_site.admin_view(self.accept_suggestion_view),
            name="archive_article_accept_tag",
        )
        return [accept, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Suggestions for the article being shown (the admin has already read it: no second query)."""
        if obj is not None and request.method == "GET":
            context["tag_suggestions"] = suggestions.suggest(obj)
            context["tag_accept_url"] = reverse(
                "admin:archive_article_accept_tag", args=[obj.pk], current_app=self.admin_site.name
            )
            context["can_accept_tags"] = self.has_change_permission(request, obj) and self.has_tag_permission(
                request
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def accept_suggestion_view(self, request, object_id):
        """POST ``accept=kind:name``: put one suggested tag on the article, then back to its change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not (self.has_change_permission(request, article) and self.has_tag_permission(request)):
            raise PermissionDenied
        kind, _, name = (request.POST.get("accept") or "").partition(":")
        if not request.user.has_perm(NEW_TAG_PERMISSION) and not Tag.objects.filter(
            kind=kind, name=name.strip()
        ):
            self.message_user(request, "未添加：你没有新建标签的权限，只能加上已有的标签。", messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:archive_article_change", args=[article.pk], current_app=self.admin_site.name)
            )
        try:
            row, created = suggestions.accept(article, kind, name)
        except ValueError as error:
            self.message_user(request, f"未添加：{error}", messages.ERROR)
        else:
            what = f"{row.tag.get_kind_display()}“{row.tag.name}”"
            self.message_user(
                request, f"已添加{what}。" if created else f"{what}已在本文标签中。", messages.SUCCESS
            )
        url = reverse("admin:archive_article_change", args=[article.pk], current_app=self.admin_site.name)
        return HttpResponseRedirect(url)
