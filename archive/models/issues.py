"""Issues (期) and their printed pages (版)."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.parsing.pagelabel import MAX_NUMBER, MAX_PREFIX_LENGTH, PageLabel

from .encoding import UnicodeJSONEncoder
from .publications import Publication
from .status import Status

# What PageLabel accepts, checked in forms so a bad page number is a form error, never a crash later.
PAGE_NUMBER_VALIDATORS = [
    MinValueValidator(1, message="版次从 1 开始，不能为 0。"),
    MaxValueValidator(MAX_NUMBER, message=f"版次不能超过 {MAX_NUMBER}。"),
]
PAGE_PREFIX_VALIDATORS = [
    RegexValidator(
        rf"^[A-Za-z]{{0,{MAX_PREFIX_LENGTH}}}$",
        message=f"叠号只能是至多 {MAX_PREFIX_LENGTH} 个英文字母，如 A3版 的“A”；不分叠留空。",
    )
]


class IssueQuerySet(models.QuerySet):
    """Vocabulary for selecting issues."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def in_status(self, *statuses):
        return self.filter(status__in=statuses)

    def with_unreviewed_flags(self):
        """Issues with an article flag no editor has marked resolved; see Article.objects.with_unreviewed_flags()."""
        from .articles import Article  # articles imports this module

        return self.filter(Exists(Article.objects.with_unreviewed_flags().filter(issue=OuterRef("pk"))))


class Issue(models.Model):
    """One day's paper (期) of one publication."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name="报纸",
        db_index=False,  # issue_one_per_publication_date starts with the publication
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
        editable=False,
        help_text="只有“已发布”的期次及其文章对读者可见；只能通过送审、发布、撤回等操作改变。",
    )
    published_at = models.DateTimeField(
        "首次发布时间",
        null=True,
        blank=True,
        editable=False,
        help_text="第一次发布的时间，撤回后再发布也不变。",
    )
    last_published_at = models.DateTimeField("最近发布时间", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        "版本", default=1, help_text="每次保存加一，用来发现两人同时修改同一期次。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    # Status and publication times change only through workflow steps, recorded as PublicationEvent rows
    # in editorial; the history keeps the edits an editor makes in the form.
    history = HistoricalRecords(
        excluded_fields=["status", "published_at", "last_published_at", "version", "updated_at"],
        verbose_name="期次修改记录",
        verbose_name_plural="期次修改记录",
    )
    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "期次"
        verbose_name_plural = "期次"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"],
                name="issue_one_per_publication_date",
                violation_error_message="这份报纸在这一天已经有一期了。",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gt=0),
                name="issue_number_positive",
                violation_error_message="总期号必须大于 0，没有可留空。",
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "status", "-date"], name="issue_pub_status_date_idx"),
            # The admin's release board lists newest first; (date, id) serves that order without a sort.
            models.Index(fields=["-date", "-id"], name="issue_date_id_idx"),
            models.Index(fields=["status", "-date"], name="issue_status_date_idx"),
        ]
        permissions = [
            ("send_issue_to_review", "可以送审期次"),
            ("publish_issue", "可以发布期次"),
            ("withdraw_issue", "可以撤回期次"),
            ("override_publication_gate", "可以越过发布检查（须写明理由）"),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("archive:issue", kwargs={"slug": self.publication.slug, "date": self.date.isoformat()})

    @property
    def is_published(self) -> bool:
        """Readers see the issue and every article in it exactly when this is true."""
        return self.status == Status.PUBLISHED


class PageQuerySet(models.QuerySet):
    """Vocabulary for selecting pages."""

    def published(self):
        return self.filter(issue__status=Status.PUBLISHED)


class Page(models.Model):
    """One printed page (版) of an issue, with its name and credits."""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="pages",
        verbose_name="期次",
        db_index=False,  # page_one_per_issue_number starts with the issue
    )
    prefix = models.CharField(
        "叠号",
        max_length=3,
        blank=True,
        default="",
        validators=PAGE_PREFIX_VALIDATORS,
        help_text="分叠报纸的字母，如 A3版 的“A”；不分叠留空。",
    )
    number = models.PositiveSmallIntegerField(
        "版次", validators=PAGE_NUMBER_VALIDATORS, help_text="版面序号，01版填 1。"
    )
    name = models.CharField("版名", max_length=60, blank=True, help_text="如 要闻、综合、理论、副刊。")
    credits = models.JSONField(
        "版面署名",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text='本版的责任编辑、校对、美编等，格式 [{"role": "责任编辑", "name": "某某"}]。',
    )
    teasers = models.JSONField(
        "导读",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text='头版导读栏，导入时从原文读出，格式 [{"lines": ["标题"], "ref": "第五版", "page": 5}]。',
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

    history = HistoricalRecords(
        excluded_fields=["source_text"], verbose_name="版面修改记录", verbose_name_plural="版面修改记录"
    )
    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue", "prefix", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "prefix", "number"],
                name="page_one_per_issue_number",
                violation_error_message="本期已有这个版次的版面。",
            ),
            models.CheckConstraint(
                condition=Q(number__gt=0),
                name="page_number_positive",
                violation_error_message="版次从 1 开始，不能为 0。",
            ),
        ]

    def __str__(self):
        try:
            label = self.page_label.display
        except ValueError:  # an invalid number typed into a form, shown back with its error
            label = f"{self.prefix}{self.number}版"
        return f"{self.issue} {label}"

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
