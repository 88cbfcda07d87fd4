"""What is left of an article a re-import removed, so its permanent URL never answers a bare 404."""

from django.db import models
from django.urls import reverse

from .issues import Issue, Page


class RetiredArticle(models.Model):
    """An article id that no longer exists because the re-imported page no longer prints it.

    Readers who cited ``/article/<id>/`` are sent to the page the article was printed on, or told
    in Chinese why it is gone when the page is gone too.
    """

    article_id = models.PositiveBigIntegerField("原文章编号", unique=True, help_text="已不存在的文章编号。")
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="retired_articles", verbose_name="期次"
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retired_articles",
        verbose_name="版面",
        help_text="文章原来所在的版面；版面也删除时为空。",
    )
    headline = models.CharField("原标题", max_length=300, blank=True)
    reason = models.CharField("原因", max_length=200, help_text="如“重新导入后原文中已无此文”。")
    retired_at = models.DateTimeField("删除时间", auto_now_add=True)

    class Meta:
        verbose_name = "已删除文章"
        verbose_name_plural = "已删除文章"
        ordering = ["-retired_at"]

    def __str__(self):
        return f"{self.article_id} {self.headline or '（无标题）'}"

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"pk": self.article_id})
