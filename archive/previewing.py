"""Where staff preview a record that readers cannot see yet: /preview/… twins of the public URLs.

The admin can link here (e.g. a 预览 link on an unpublished issue); the views behind these URLs answer
only logged-in staff with the view permission, mark the page 预览 and never let it be cached.
"""

from django.urls import reverse

from .models import Article, Issue, Page


def preview_url(obj) -> str:
    """The preview URL of an issue, page or article; other records have only their public URL."""
    if isinstance(obj, Article):
        return reverse("archive:preview-article", kwargs={"pk": obj.pk})
    if isinstance(obj, Page):
        issue = obj.issue
        return reverse(
            "archive:preview-page",
            kwargs={"slug": issue.publication.slug, "date": issue.date, "page": obj.page_label},
        )
    if isinstance(obj, Issue):
        return reverse("archive:preview-issue", kwargs={"slug": obj.publication.slug, "date": obj.date})
    return obj.get_absolute_url()
