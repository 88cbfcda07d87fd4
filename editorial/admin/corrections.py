"""Errata (更正): proposed by editors, approved by a 值班主任 before readers see them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from archive.models import Correction
from archive.models.corrections import APPROVE_PERMISSION

from .common import LargeTableAdmin


@admin.action(description="批准所选更正（读者将看到更正启事）", permissions=["approve"])
def approve_corrections(modeladmin, request, queryset):
    done, refused = 0, []
    for correction in queryset.select_related("article").filter(status=Correction.Status.PENDING):
        try:
            correction.approve(request.user)
            done += 1
        except (PermissionDenied, ValidationError) as error:
            refused.append(f"{correction.article}：{' '.join(getattr(error, 'messages', [str(error)]))}")
    if done:
        modeladmin.message_user(
            request, f"已批准 {done} 条更正，读者现在可以在文章页看到。", messages.SUCCESS
        )
    if refused:
        modeladmin.message_user(request, "未批准：" + "；".join(refused), messages.WARNING)
    if not done and not refused:
        modeladmin.message_user(request, "所选更正都不是待批准状态，没有改动。", messages.INFO)


@admin.action(description="不批准所选更正", permissions=["approve"])
def reject_corrections(modeladmin, request, queryset):
    n = 0
    for correction in queryset.filter(status=Correction.Status.PENDING):
        correction.reject(request.user)
        n += 1
    modeladmin.message_user(request, f"已将 {n} 条更正标为未批准。", messages.WARNING)


class StatusFilter(admin.SimpleListFilter):
    """Work queue: errata waiting for a 值班主任."""

    title = "更正状态"
    parameter_name = "correction_status"

    def lookups(self, request, model_admin):
        return Correction.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Correction)
class CorrectionAdmin(LargeTableAdmin):
    """Errata, newest first: the note, the printed and the corrected text; status changes only by the actions."""

    list_display = ("article", "status", "created_by", "created_at", "approved_by", "approved_at")
    list_filter = (StatusFilter,)
    list_select_related = ("article__page__issue__publication", "created_by", "approved_by")
    search_fields = ("note", "printed_text", "corrected_text", "article__headline")
    autocomplete_fields = ("article",)
    fields = ("article", "note", "printed_text", "corrected_text", "status", "created_by", "created_at")
    readonly_fields = ("status", "created_by", "created_at", "approved_by", "approved_at")
    actions = (approve_corrections, reject_corrections)

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if obj is not None and obj.status == Correction.Status.APPROVED:
            fields += ["approved_by", "approved_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Correction.Status.PENDING:
            # A decided erratum is on record as it was decided; a new one is proposed instead.
            return ("article", "note", "printed_text", "corrected_text", *self.readonly_fields)
        return self.readonly_fields

    def has_approve_permission(self, request):
        return request.user.has_perm(APPROVE_PERMISSION)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
