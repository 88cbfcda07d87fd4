"""Import an issue's page files in the admin: upload, preview every page as parsed, then confirm.

The import itself is editorial.importing.import_issue, the same function import_pages runs.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archive.models import Issue, Publication
from archive.parsing import PageLabel, parse_page

from ..importing import ImportRefused, import_issue
from ..textio import PageFileError
from ..uploads import UploadError, decode, discard_pending, load_pending, read_uploads, save_pending

IMPORT_PERM = "editorial.import_pages"


class UploadForm(forms.Form):
    publication = forms.ModelChoiceField(Publication.objects.order_by("name"), label="报纸")
    date = forms.DateField(
        label="出版日期", help_text="如 2026-04-27。", widget=forms.DateInput(attrs={"type": "date"})
    )
    replace = forms.BooleanField(
        label="覆盖编辑改过的文章",
        required=False,
        help_text="不勾选时，若本期已有编辑改过的文章，导入会被拒绝，什么都不会改变。",
    )


def import_pages(request):
    """GET: the upload form. POST op=preview: parse and show. POST op=confirm: import the kept bytes."""
    if not request.user.has_perm(IMPORT_PERM):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("op") == "confirm":
        return confirm(request)
    form = UploadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pages = read_uploads(request.FILES.getlist("files"))
            texts = [decode(p) for p in pages]
        except UploadError as exc:
            form.add_error(None, str(exc))
        else:
            data = form.cleaned_data
            token = save_pending(
                request.session, request.user, data["publication"].pk, data["date"], data["replace"], pages
            )
            previews = [preview_page(p, t) for p, t in zip(pages, texts, strict=True)]
            issue = Issue.objects.filter(publication=data["publication"], date=data["date"]).first()
            existing = set(issue.pages.values_list("prefix", "number")) if issue else set()
            for item in previews:
                item["exists"] = (item["label"].prefix, item["label"].number) in existing
            return render(
                request,
                "admin/editorial/import_preview.html",
                {**data, "token": token, "pages": previews, "issue": issue},
            )
    return render(request, "admin/editorial/import_upload.html", {"form": form})


def preview_page(page, text) -> dict:
    """What the parser reads from one page, for the preview."""
    parsed = parse_page(text.text, page=page.key)
    return {
        "name": page.name,
        "label": PageLabel.parse(page.key),
        "encoding": text.encoding,
        "parsed": parsed,
    }


def confirm(request):
    """Import exactly the bytes kept at preview time, through the same function as the command."""
    token = request.POST.get("token", "")
    try:
        manifest, pages = load_pending(request.session, request.user, token)
        files = [(p.key, decode(p)) for p in pages]
        publication = Publication.objects.get(pk=manifest["publication"])
        date = dt.date.fromisoformat(manifest["date"])
        with transaction.atomic():
            summary = import_issue(publication, date, files, replace=manifest["replace"], user=request.user)
    except UploadError as exc:
        messages.error(request, str(exc))
        return redirect("editorial_review:import")
    except Publication.DoesNotExist:
        messages.error(request, "这份报纸已不存在，请重新上传。")
        return redirect("editorial_review:import")
    except (ImportRefused, PageFileError) as exc:
        messages.error(request, f"导入被拒绝，什么都没有改变：{exc}")
        return redirect("editorial_review:import")
    discard_pending(request.session, token)
    messages.success(
        request,
        f"{summary.issue}：导入 {summary.pages} 版（{summary.skipped_pages_unchanged} 版未变），"
        f"{summary.articles} 篇文章，{summary.repairs} 处修复，{summary.flags} 处待核查，"
        f"{summary.unmatched_markers} 个转版标记未关联。",
    )
    return redirect(reverse("editorial_review:review", args=[summary.issue.pk]))


def render(request, template: str, context: dict):
    context = {**admin.site.each_context(request), "opts": Issue._meta, "title": "上传导入版面", **context}
    return TemplateResponse(request, template, context)
