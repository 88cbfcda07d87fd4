"""How many articles of the archive use each word, the document frequencies keyword suggestions rank by."""

from django.db import models
from django.db.models import Q


class TermFrequency(models.Model):
    """One word and in how many articles of the counted sample it occurs."""

    term = models.CharField("词", max_length=40, unique=True)
    documents = models.PositiveIntegerField("出现篇数")

    class Meta:
        verbose_name = "词频"
        verbose_name_plural = "词频"
        constraints = [
            models.CheckConstraint(
                condition=~Q(term=""),
                name="termfrequency_term_not_empty",
                violation_error_message="词不能为空。",
            )
        ]

    def __str__(self):
        return f"{self.term}：{self.documents}"


class TermSample(models.Model):
    """The sample the frequencies were counted over: its size is the N of IDF. Rebuilt with the table."""

    articles = models.PositiveIntegerField("统计篇数")
    built_at = models.DateTimeField("统计时间", auto_now_add=True)

    class Meta:
        verbose_name = "词频统计"
        verbose_name_plural = "词频统计"
        get_latest_by = "built_at"

    def __str__(self):
        return f"{self.articles} 篇（{self.built_at:%Y-%m-%d %H:%M}）"
