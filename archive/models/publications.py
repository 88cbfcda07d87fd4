"""Newspapers: one install can hold several."""

from django.db import models
from django.urls import reverse


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
