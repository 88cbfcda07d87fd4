"""How each published record looks in the JSON API: one function per kind, every object with its url."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone


def api(name, absolute, **query):
    """Absolute URL of an API endpoint, with a query string when filters are given."""
    url = reverse(f"archive:api-{name}")
    return absolute(f"{url}?{urlencode(query)}" if query else url)


def api_item(name, absolute, **kwargs):
    return absolute(reverse(f"archive:api-{name}", kwargs=kwargs))


def publication(p, absolute):
    return {
        "slug": p.slug,
        "name": p.name,
        "short_name": p.short_name,
        "url": absolute(p.get_absolute_url()),
        "issues": api("issues", absolute, publication=p.slug),
    }


def issue(i, absolute):
    return {
        "publication": i.publication.slug,
        "date": i.date.isoformat(),
        "number": i.number,
        "url": absolute(i.get_absolute_url()),
        "pages": api("pages", absolute, publication=i.publication.slug, date=i.date.isoformat()),
    }


def page(p, absolute):
    issue = p.issue
    return {
        "publication": issue.publication.slug,
        "date": issue.date.isoformat(),
        "page": p.label,
        "name": p.name,
        "credits": [{"role": c.get("role", ""), "name": c.get("name", "")} for c in p.credits or ()],
        "url": absolute(p.get_absolute_url()),
        "articles": api(
            "articles",
            absolute,
            publication=issue.publication.slug,
            date=issue.date.isoformat(),
            page=p.label,
        ),
    }


def contributor(c, absolute):
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "kind_display": c.get_kind_display(),
        "url": absolute(c.get_absolute_url()),
        "api_url": api_item("contributor", absolute, pk=c.pk),
    }


def continuation(marker, absolute):
    """A printed jump or back line, with the part it leads to when that part is public (``attach_targets``)."""
    target = marker.target
    data = {
        "kind": marker.kind,
        "text": marker.text,
        "page": str(marker.page_label) if marker.page_label else None,
        "article": None,
        "url": None,
    }
    if target is not None:
        data["article"] = target.pk
        data["url"] = absolute(target.get_absolute_url())
    return data


def article(a, absolute):
    issue = a.issue
    return {
        "id": a.pk,
        "url": absolute(a.get_absolute_url()),
        "api_url": api_item("article", absolute, pk=a.pk),
        "text_url": absolute(reverse("archive:article-text", kwargs={"pk": a.pk})),
        "publication": issue.publication.slug,
        "date": issue.date.isoformat(),
        "page": a.page.label,
        "page_name": a.page.name,
        "order": a.order,
        "section": a.section,
        "kicker": a.kicker,
        "headline": a.headline,
        "subtitle": a.subtitle,
        "bylines": [{"role": b.role, **contributor(b.contributor, absolute)} for b in a.bylines.all()],
        "agency": contributor(a.agency, absolute) if a.agency_id else None,
        "dateline": {"place": a.dateline_place, "date": a.dateline_date},
        "tags": [tag(row.tag, absolute) for row in a.tagged.all()],
        "continuations": [continuation(m, absolute) for m in a.markers.all()],
    }


def tag(t, absolute):
    return {
        "kind": t.kind,
        "kind_display": t.get_kind_display(),
        "name": t.name,
        "slug": t.slug,
        "url": absolute(t.get_absolute_url()),
    }


def story(s, absolute):
    """An article in full: every published part in reading order, with bodies and the citation."""
    data = article(s.requested, absolute)
    data["citation"] = s.citation
    data["pages"] = [p.label for p in s.pages]
    data["parts"] = [
        {
            "id": part.pk,
            "page": part.page.label,
            "url": absolute(part.get_absolute_url()),
            "body": [{"kind": b.get("kind", "paragraph"), "text": b.get("text", "")} for b in part.body],
        }
        for part in s.parts
    ]
    data["corrections"] = [
        {
            "article": c.article_id,
            "date": timezone.localdate(c.approved_at).isoformat(),
            "note": c.note,
            "printed_text": c.printed_text,
            "corrected_text": c.corrected_text,
        }
        for c in s.corrections
    ]
    return data
