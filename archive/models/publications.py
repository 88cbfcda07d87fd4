"""Newspapers: one install can hold several."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

# First path segments the site itself uses; a paper with one of these as its slug would hide that part
# of the site (or be hidden by it), so they are refused. Keep in step with archive/urls.py (a test checks).
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "article",
        "contributor",
        "entity",
        "feeds",
        "preview",
        "robots.txt",
        "search",
        "sitemap.xml",
        "static",
        "tag",
    }
)


def validate_not_reserved(value: str) -> None:
    """Refuse a slug that a site path already uses, with a message an editor understands."""
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            "“%(value)s”是网站保留的路径，不能用作报纸的网址标识，请换一个。",
            code="reserved_slug",
            params={"value": value},
        )


class Publication(models.Model):
    """A newspaper; one install can hold several."""

    name = models.CharField("报名", max_length=100, unique=True, help_text="报纸全称，如“某某日报”。")
    short_name = models.CharField(
        "简称", max_length=40, blank=True, help_text="页面标题和引文中可用的简称，可留空。"
    )
    slug = models.SlugField(
        "网址标识",
        max_length=60,
        unique=True,
        validators=[validate_not_reserved],
        help_text="出现在网址中的英文标识，如 mouribao；发布后不要再改，否则旧链接会失效。",
    )

    class Meta:
        verbose_name = "报纸"
        verbose_name_plural = "报纸"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:publication", kwargs={"slug": self.slug})
