"""The front door and each paper's calendar of issues: both bounded whatever the archive's size."""

from django.db.models import Exists, Max, Min, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from archive.calendars import WEEKDAYS, year_calendar, year_strip
from archive.models import Publication

from .common import archive_page, render_page

LATEST_ISSUES = 20


@archive_page()
def home(request, scope):
    """Which papers are here and the newest published issues (a fixed 20)."""
    publications = (
        Publication.objects.filter(Exists(scope.issues().filter(publication=OuterRef("pk"))))
        .order_by("name")
        .only("name", "short_name", "slug")
    )
    latest = (
        scope.issues().select_related("publication").order_by("-date", "publication__name")[:LATEST_ISSUES]
    )
    return render_page(
        request, scope, "archive/home.html", {"publications": publications, "latest_issues": latest}
    )


@archive_page()
def publication_detail(request, scope, slug, year=None):
    """One paper's issues for one year as a calendar (the latest year by default), with a strip of years.

    Three queries: the paper, its first and last issue dates (served by the publication/status/date
    index), and the dates of one year's issues (≤ 366 rows).
    """
    publication = get_object_or_404(Publication.objects.only("name", "short_name", "slug"), slug=slug)
    issues = scope.issues().filter(publication=publication)
    span = issues.aggregate(first=Min("date"), last=Max("date"))
    if span["last"] is None:
        raise Http404("这份报纸还没有发布的期次")
    years = year_strip(span["first"], span["last"])
    if year is None:
        year = span["last"].year
    elif year not in years:
        raise Http404("这一年没有期次")
    dates = list(issues.filter(date__year=year).values_list("date", flat=True))
    months = year_calendar(year, dates)
    context = {
        "publication": publication,
        "year": year,
        "years": years,
        "months": [m for m in months if m.issue_count] or months,
        "weekdays": WEEKDAYS,
        "issue_count": len(dates),
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
    }
    return render_page(request, scope, "archive/publication.html", context)
