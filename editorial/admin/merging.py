"""One "choose the record to keep" step for the merge actions of contributors and tags."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.template.response import TemplateResponse


def merge_action(modeladmin, request, queryset, *, action: str, count_label: str, moved: str, counts):
    """Show the selected records with a radio to keep one; on confirmation fold the others into it.

    ``counts`` annotates ``merge_count`` (what would move) on the queryset; the model's ``merge``
    method does the work in one transaction.
    """
    queryset = counts(queryset).order_by("-merge_count", "pk")
    chosen = list(queryset)
    if len(chosen) < 2:
        modeladmin.message_user(request, "请至少选择两条再合并。", messages.WARNING)
        return None
    if request.POST.get("post") == "yes":
        keep = next((o for o in chosen if str(o.pk) == request.POST.get("keep")), None)
        if keep is None:
            modeladmin.message_user(request, "请选择要保留的一条。", messages.ERROR)
            return None
        others = [o for o in chosen if o.pk != keep.pk]
        try:
            merged = keep.merge(others)
        except (ValidationError, ValueError) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"未合并：{text}", messages.ERROR)
            return None
        except ProtectedError as error:
            what = "、".join(sorted({str(o._meta.verbose_name) for o in error.protected_objects}))
            modeladmin.message_user(
                request, f"未合并：还有{what}指向要合并掉的记录，请先处理。", messages.ERROR
            )
            return None
        names = "、".join(o.name for o in others)
        modeladmin.log_change(request, keep, f"合并了 {names}")
        modeladmin.message_user(
            request, f"已将 {merged} 条（{names}）合并到“{keep.name}”。", messages.SUCCESS
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"合并{modeladmin.opts.verbose_name}",
        "opts": modeladmin.opts,
        "queryset": chosen,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "count_label": count_label,
        "moved": moved,
    }
    return TemplateResponse(request, "admin/merge_keep.html", context)
