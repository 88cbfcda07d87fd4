"""Issues and their pages: the newsroom's release board, where only workflow actions change what readers see."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, Issue, Page
from editorial.models import PublicationEvent
from editorial.workflow import STEPS, Action, TransitionRefused, gate_problems, may_override, take_step

from .common import LargeTableAdmin, SummaryInline, count_column, count_of, is_listing
from .imports import ImportRecordInline

CONFIRM_ROWS = 200  # issues listed one by one on a confirmation page; the rest are counted


def last_change(issue: Issue) -> tuple[str, object] | None:
    """Who changed the issue last and when, from its edit history and its workflow events."""
    record = issue.history.select_related("history_user").order_by("-history_date").first()
    event = issue.publication_events.select_related("user").order_by("-at").first()
    candidates = []
    if record is not None:
        candidates.append((record.history_date, record.history_user, "修改"))
    if event is not None:
        candidates.append((event.at, event.user, event.get_action_display()))
    if not candidates:
        return None
    when, user, what = max(candidates, key=lambda c: c[0])
    return f"{user or '命令行'}{what}", when


class IssueForm(forms.ModelForm):
    """The issue's own fields, with the version it was loaded from so a stale save is refused."""

    class Meta:
        model = Issue
        fields = ("publication", "date", "number", "version")
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("version")
        if self.instance.pk is None or loaded is None:
            return cleaned
        # Locks the row until the admin's transaction ends, so the check and the write cannot interleave
        # with another save or a workflow step (which take the same lock) on PostgreSQL.
        rows = Issue.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:  # the admin's change view; not the history revert
            rows = rows.select_for_update()
        current = rows.values_list("version", flat=True).first()
        if current != loaded:
            change = last_change(self.instance)
            who = f"{change[0]}（{timezone.localtime(change[1]):%Y-%m-%d %H:%M}）" if change else "其他人"
            raise ValidationError(
                f"你打开本页之后，本期已被修改：{who}。你的修改没有保存，填写的内容仍在下面；"
                "请在新窗口打开本期核对后再保存。",
                code="stale",
            )
        cleaned["version"] = loaded + 1
        return cleaned


class PageSummaryInline(SummaryInline):
    """An issue's pages, with how many articles start on each."""

    model = Page
    fields = ("label_display", "name", "article_count", "source_name", "imported_at")
    verbose_name_plural = "本期版面"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("source_text")
            .annotate(article_count=count_of(Article, "page"))
        )

    @admin.display(description="版次")
    def label_display(self, obj):
        return obj.page_label.display

    article_count = count_column("article_count", "文章数", sortable=False)


class PublicationEventInline(admin.TabularInline):
    """The issue's publishing record: every 送审, 发布, 撤回 with who, when and any override."""

    model = PublicationEvent
    fields = ("at", "action", "from_status", "to_status", "user", "override_reason", "problems_display")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "发布记录"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="当时的检查结果")
    def problems_display(self, obj):
        return "；".join(obj.problems) if obj.problems else "—"


def step_action(action: str, name: str, description: str):
    """An admin action for one workflow step, shown only to those allowed, through a confirmation page."""
    step = STEPS[action]

    def run(modeladmin, request, queryset):
        return modeladmin.confirm_step(request, queryset, step, name)

    run.__name__ = name
    return admin.action(description=description, permissions=[action])(run)


@admin.register(Issue)
class IssueAdmin(LargeTableAdmin, SimpleHistoryAdmin):
    """Issues are the unit of publishing: the list is the newsroom's release board."""

    form = IssueForm
    list_display = (
        "date",
        "publication",
        "number",
        "status",
        "page_count",
        "article_count",
        "published_at",
        "last_published_at",
    )
    list_filter = ("status", "publication")
    list_select_related = ("publication",)
    ordering = ("-date", "-id")
    search_fields = ("publication__name", "publication__short_name", "date")
    date_hierarchy = "date"
    autocomplete_fields = ("publication",)
    fields = (
        "publication",
        "date",
        "number",
        "version",
        "status",
        "gate_display",
        "published_at",
        "last_published_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = (
        "status",
        "gate_display",
        "published_at",
        "last_published_at",
        "created_at",
        "updated_at",
    )
    inlines = (PageSummaryInline, PublicationEventInline, ImportRecordInline)
    actions = (
        step_action(Action.SEND_TO_REVIEW, "send_issues_to_review", "送审所选期次"),
        step_action(Action.PUBLISH, "publish_issues", "发布所选期次（读者将看到）"),
        step_action(Action.WITHDRAW, "withdraw_issues", "撤回所选期次（读者将看不到）"),
        step_action(Action.RETURN_TO_REVIEW, "return_issues_to_review", "退回审核（读者将看不到）"),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("publication")
        if is_listing(request):
            qs = qs.annotate(page_count=count_of(Page, "issue"), article_count=count_of(Article, "issue"))
        return qs

    @admin.display(description="版数")
    def page_count(self, obj):
        return obj.page_count

    @admin.display(description="文章数")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="发布检查")
    def gate_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        problems = gate_problems([obj.pk]).get(obj.pk, [])
        return (
            "；".join(problems) if problems else "通过：没有未关联的转版、待确认的关联或未处理的待核查标记。"
        )

    # Workflow permissions, one per action (Django calls has_<name>_permission).

    def has_send_to_review_permission(self, request):
        return request.user.has_perm(STEPS[Action.SEND_TO_REVIEW].permission)

    def has_publish_permission(self, request):
        return request.user.has_perm(STEPS[Action.PUBLISH].permission)

    def has_withdraw_permission(self, request):
        return request.user.has_perm(STEPS[Action.WITHDRAW].permission)

    def has_return_to_review_permission(self, request):
        return request.user.has_perm(STEPS[Action.RETURN_TO_REVIEW].permission)

    def confirm_step(self, request, queryset, step, name):
        """Show the issues and the gate's reasons first; act only on the confirmation page's POST."""
        issues = list(queryset.select_related("publication").order_by("-date", "-id"))
        if request.POST.get("confirm") == "yes":
            return self.run_step(request, issues, step)
        problems = gate_problems([i.pk for i in issues if i.status in step.sources]) if step.gated else {}
        rows = []
        for issue in issues[:CONFIRM_ROWS]:
            if issue.status not in step.sources:
                reasons, blocked = [f"当前状态是“{issue.get_status_display()}”，不能{step.label}。"], True
            else:
                reasons, blocked = problems.get(issue.pk, []), False
            rows.append({"issue": issue, "reasons": reasons, "blocked": blocked})
        context = {
            **self.admin_site.each_context(request),
            "title": f"确认{step.label}",
            "opts": self.model._meta,
            "step": step,
            "action_name": name,
            "rows": rows,
            "more": max(len(issues) - CONFIRM_ROWS, 0),
            "selected": [i.pk for i in issues],
            "gate_failed": bool(problems),
            "may_override": bool(problems) and may_override(request.user),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/issue/confirm_step.html", context)

    def run_step(self, request, issues, step):
        try:
            outcome = take_step(
                [i.pk for i in issues], step.action, request.user, request.POST.get("override_reason")
            )
        except TransitionRefused as refused:
            self.message_user(request, "；".join(refused.reasons), messages.ERROR)
            return None
        names = {i.pk: str(i) for i in issues}
        if outcome.done:
            done = "、".join(names[pk] for pk in outcome.done[:10])
            more = f" 等 {len(outcome.done)} 期" if len(outcome.done) > 10 else ""
            self.message_user(request, f"已{step.label}：{done}{more}。", messages.SUCCESS)
        for pk, reasons in list(outcome.refused.items())[:20]:
            self.message_user(request, f"{names[pk]} 未能{step.label}：{'；'.join(reasons)}", messages.ERROR)
        return None


class ArticleSummaryInline(SummaryInline):
    """The articles that start on a page, in print order."""

    model = Article
    fields = ("order", "section", "kicker", "headline")
    verbose_name_plural = "本版文章"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("page__issue__publication")
            .defer("stored_imported_text", "imported_snapshot", "body", "repairs", "page__source_text")
        )


@admin.register(Page)
class PageAdmin(LargeTableAdmin, SimpleHistoryAdmin):
    """Pages keep the imported text untouched; staff edit only the name, credits and numbering."""

    list_display = ("__str__", "label_display", "name", "article_count", "source_name", "imported_at")
    list_filter = ("issue__status", "issue__publication")
    list_select_related = ("issue__publication",)
    ordering = ("-id",)
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
            qs = qs.defer("source_text").annotate(article_count=count_of(Article, "page"))
        return qs

    @admin.display(description="版次", ordering="number")
    def label_display(self, obj):
        return obj.page_label.display

    @admin.display(description="文章数")
    def article_count(self, obj):
        return obj.article_count
