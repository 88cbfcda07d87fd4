"""The issue review page (/admin/archive/issue/<id>/review/) and its actions on links, repairs and flags.

Views only check permissions, call the model or module that does the work, and report in Chinese.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from archive.models import ContinuationLink, ContinuationMarker, Issue

from .. import repairs
from ..linking import link_issue
from ..models import ArticleFlag
from ..review import review_issue

LINK_PERM = "archive.decide_continuationlink"
REPAIR_PERM = "editorial.review_repairs"
FLAG_PERM = "editorial.resolve_articleflag"


def require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def review(request, issue_id: int):
    """Everything a 值班主任 checks before publishing one issue, on one page."""
    require(request, "archive.view_issue")
    issue = get_object_or_404(Issue.objects.select_related("publication"), pk=issue_id)
    data = review_issue(issue)
    context = {
        **admin.site.each_context(request),
        "title": f"审核 {issue}",
        "issue": issue,
        "opts": Issue._meta,
        "review": data,
        "counts": data.counts,
        "can_link": request.user.has_perm(LINK_PERM),
        "can_repair": request.user.has_perm(REPAIR_PERM),
        "can_flag": request.user.has_perm(FLAG_PERM),
    }
    return TemplateResponse(request, "admin/editorial/review.html", context)


def back_to_review(issue_id: int, anchor: str = ""):
    return redirect(reverse("editorial_review:review", args=[issue_id]) + (f"#{anchor}" if anchor else ""))


def report(request, action, success: str) -> None:
    """Run one action and turn a refusal into a Chinese error message instead of a traceback."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)


@require_POST
def link_action(request, issue_id: int):
    """Link, confirm, reject or unlink a pair of markers; relink re-runs the linker for the issue."""
    require(request, LINK_PERM)
    issue = get_object_or_404(Issue, pk=issue_id)
    op = request.POST.get("op")
    if op == "relink":
        unmatched = link_issue(issue)
        messages.success(request, f"已重新自动关联，仍有 {len(unmatched)} 个标记未关联。")
        return back_to_review(issue_id, "markers")
    if op == "link":
        markers = ContinuationMarker.objects.filter(article__issue=issue).select_related("article__page")
        jump = get_object_or_404(markers, pk=request.POST.get("jump"), kind=ContinuationMarker.Kind.JUMP)
        back = get_object_or_404(markers, pk=request.POST.get("back"), kind=ContinuationMarker.Kind.BACK)
        reason = request.POST.get("reason", "")
        report(
            request, lambda: ContinuationLink.link(jump, back, request.user, reason=reason), "已关联并确认。"
        )
        return back_to_review(issue_id, "markers")
    link = get_object_or_404(
        ContinuationLink.objects.in_issue(issue).with_markers(), pk=request.POST.get("link")
    )
    actions = {
        "confirm": (lambda: link.confirm(request.user), "已确认关联。"),
        "reject": (lambda: link.reject(request.user), "已否决，这一对不会再被自动提议。"),
        "unlink": (link.unlink, "已解除关联。"),
    }
    if op not in actions:
        messages.error(request, "未知的操作。")
    else:
        report(request, *actions[op])
    return back_to_review(issue_id, "markers")


@require_POST
def bulk_link_action(request, issue_id: int):
    """Confirm or reject several proposed links of the issue at once."""
    require(request, LINK_PERM)
    issue = get_object_or_404(Issue, pk=issue_id)
    status = {"confirm": ContinuationLink.Status.CONFIRMED, "reject": ContinuationLink.Status.REJECTED}.get(
        request.POST.get("op")
    )
    if status is None:
        messages.error(request, "未知的操作。")
        return back_to_review(issue_id, "markers")
    chosen = (
        ContinuationLink.objects.in_issue(issue).with_markers().filter(pk__in=request.POST.getlist("links"))
    )
    done, refused = 0, []
    with transaction.atomic():
        for link in chosen:
            try:
                link.decide(status, request.user)
                done += 1
            except ValidationError as exc:
                refused.append(f"{link}：{'；'.join(exc.messages)}")
    messages.success(request, f"已处理 {done} 个关联。")
    for line in refused:
        messages.error(request, line)
    return back_to_review(issue_id, "markers")


@require_POST
def repair_action(request, issue_id: int):
    """Undo (split back) or confirm one repair of one article of the issue."""
    require(request, REPAIR_PERM)
    issue = get_object_or_404(Issue, pk=issue_id)
    article = get_object_or_404(issue.articles.only("pk"), pk=request.POST.get("article"))
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        index = -1
    op = request.POST.get("op")
    if op == "undo":
        report(
            request, lambda: repairs.undo_repair(article.pk, index, request.user), "已撤销修复，段落已拆回。"
        )
    elif op == "confirm":
        report(request, lambda: repairs.confirm_repair(article.pk, index, request.user), "已确认修复。")
    else:
        messages.error(request, "未知的操作。")
    return back_to_review(issue_id, "repairs")


@require_POST
def flag_action(request, issue_id: int):
    """Mark one flag resolved (已处理) or put it back into the queue."""
    require(request, FLAG_PERM)
    flag = get_object_or_404(ArticleFlag.objects.in_issue(issue_id), pk=request.POST.get("flag"))
    op = request.POST.get("op")
    if op == "reopen":
        flag.reopen()
        messages.success(request, "已重新列入待核查。")
    elif op == "resolve":
        flag.resolve(request.user)
        messages.success(request, "已标为已处理。")
    else:
        messages.error(request, "未知的操作。")
    return back_to_review(issue_id, "flags")
