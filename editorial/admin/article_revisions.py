"""The article admin's revision pages: the list of revisions, a diff between any two, and restore.

Views only read the request and render; what a revision is, how two differ and how one is restored
lives in ``editorial.revisions``.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial import revisions


class ArticleRevisionsMixin:
    """Adds 修订记录 (replacing the generic history page) and 恢复 to an article ModelAdmin."""

    revisions_template = "admin/archive/article/revisions.html"
    restore_template = "admin/archive/article/restore.html"

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/revisions/<str:key>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_restore",
            ),
        ]
        return own + super().get_urls()

    def _article_or_404(self, request, object_id, change=False):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("没有这篇文章")
        allowed = (
            self.has_change_permission(request, obj) if change else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": title,
            "subtitle": str(obj),
            "module_name": self.opts.verbose_name_plural,
            "revisions_url": reverse("admin:archive_article_history", args=[obj.pk]),
            "change_url": reverse("admin:archive_article_change", args=[obj.pk]),
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every revision (who, when, why) and the character diff between the two chosen ones."""
        obj = self._article_or_404(request, object_id)
        found = revisions.revisions(obj)
        keys = [r.key for r in found]
        new_key = request.GET.get("b") or (keys[0] if keys else "")
        old_key = request.GET.get("a") or (keys[1] if len(keys) > 1 else new_key)
        old, new = revisions.revision(obj, old_key), revisions.revision(obj, new_key)
        if (request.GET.get("a") and old is None) or (request.GET.get("b") and new is None):
            messages.error(request, "没有找到所选的修订版本，已显示最近两次修订。")
            return HttpResponseRedirect(request.path)
        context = self._context(request, obj, "修订记录")
        context.update(
            revisions=found,
            old=old,
            new=new,
            diff=revisions.diff(old.values, new.values) if old and new else [],
            can_restore=self.has_change_permission(request, obj),
            credit_changes=revisions.credit_changes(obj),
            **(extra_context or {}),
        )
        return TemplateResponse(request, self.revisions_template, context)

    def restore_view(self, request, object_id, key):
        """Confirm, then bring back one revision's text as a new revision (publication untouched)."""
        obj = self._article_or_404(request, object_id, change=True)
        target = revisions.revision(obj, key)
        if target is None:
            raise Http404("没有这个修订版本")
        current = revisions.values_of(obj)
        if request.method == "POST":
            loaded = request.POST.get("version", "")
            if not loaded.isdigit():
                messages.error(request, "表单缺少版本号，请重新打开本页。")
                return HttpResponseRedirect(request.path)
            try:
                revisions.restore(
                    obj, target, int(loaded), request.user, request.POST.get("note", "").strip()
                )
            except revisions.StaleEdit:
                messages.error(request, "在你确认之前，这篇文章又有人保存过，请核对最新的差异后再恢复。")
                return HttpResponseRedirect(request.path)
            messages.success(request, f"已恢复到{target.label}的版本，并记为一次新的修订。")
            return HttpResponseRedirect(reverse("admin:archive_article_history", args=[obj.pk]))
        context = self._context(request, obj, "恢复修订版本")
        context.update(target=target, diff=revisions.diff(current, target.values))
        return TemplateResponse(request, self.restore_template, context)
