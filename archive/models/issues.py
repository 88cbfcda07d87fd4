"""Issues (期) and their printed pages (版)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from archive.parsing.pagelabel import PageLabel

from .encoding import UnicodeJSONEncoder
from .publications import Publication
from .status import Status


class IssueQuerySet(models.QuerySet):
    """Vocabulary for selecting issues."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Issue(models.Model):
    """One day's paper (期) of one publication."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="issues", verbose_name="报纸"
    )
    date = models.DateField("出版日期")
    number = models.PositiveIntegerField(
        "总期号", null=True, blank=True, help_text="报头上的“总第N期”，没有可留空。"
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=Status.choices,
        default=Status.IMPORTED,
        help_text="只有“已发布”的期次对读者可见。",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "期次"
        verbose_name_plural = "期次"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="issue_one_per_publication_date"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gt=0), name="issue_number_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "status", "-date"], name="issue_pub_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("archive:issue", kwargs={"slug": self.publication.slug, "date": self.date.isoformat()})


class PageQuerySet(models.QuerySet):
    """Vocabulary for selecting pages."""

    def published(self):
        return self.filter(issue__status=Status.PUBLISHED)


class Page(models.Model):
    """One printed page (版) of an issue, with its name and credits."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="pages", verbose_name="期次")
    prefix = models.CharField(
        "叠号",
        max_length=3,
        blank=True,
        default="",
        help_text="分叠报纸的字母，如 A3版 的“A”；不分叠留空。",
    )
    number = models.PositiveSmallIntegerField("版次", help_text="版面序号，01版填 1。")
    name = models.CharField("版名", max_length=60, blank=True, help_text="如 要闻、综合、理论、副刊。")
    credits = models.JSONField(
        "版面署名",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text='本版的责任编辑、校对、美编等，格式 [{"role": "责任编辑", "name": "某某"}]。',
    )
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_text = models.TextField("导入原文", blank=True, help_text="导入时的整版文字，原样保存，不要修改。")
    source_sha256 = models.CharField("原文校验值", max_length=64, blank=True)
    source_encoding = models.CharField("原文编码", max_length=16, blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    imported_snapshot = models.JSONField(
        "导入时版面",
        encoder=UnicodeJSONEncoder,
        default=dict,
        blank=True,
        help_text="导入时的版名、版面署名和文章标题，用来判断编辑改动或删除过什么。",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue", "prefix", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "prefix", "number"], name="page_one_per_issue_number"),
            models.CheckConstraint(condition=Q(number__gt=0), name="page_number_positive"),
        ]

    def __str__(self):
        return f"{self.issue} {self.label}版"

    def get_absolute_url(self):
        return reverse(
            "archive:page",
            kwargs={
                "slug": self.issue.publication.slug,
                "date": self.issue.date.isoformat(),
                "page": self.label,
            },
        )

    @property
    def page_label(self) -> PageLabel:
        return PageLabel(self.prefix, self.number)

    @property
    def label(self) -> str:
        """The page as printed in a jump line and in citations: 01, A3."""
        return str(self.page_label)

    @property
    def key(self):
        """The page as the parser names it: 3, or "A3" for a lettered section."""
        return self.page_label.key
