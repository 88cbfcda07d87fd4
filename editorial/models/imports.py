"""What each import stored: who ran it, from which files, and the report an editor reads afterwards."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from archive.models import Issue
from archive.models.encoding import UnicodeJSONEncoder


class ImportRecord(models.Model):
    """One run of the importer on one issue (admin upload or import_pages), kept as it was reported.

    The lists are a snapshot of the report at import time; the live state of links, repairs and
    flags is on the issue's review page.
    """

    class Source(models.TextChoices):
        ADMIN = "admin", "后台上传"
        COMMAND = "command", "命令行"

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="import_records",
        verbose_name="期次",
        db_index=False,  # import_issue_created_idx starts with the issue
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="命令行导入时为空。",
    )
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    files = models.JSONField(
        "文件",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text='每个文件一项：[{"name": "01.txt", "page": "01", "sha256": "…", "encoding": "utf-8", "outcome": "imported"}]。',
    )
    summary = models.JSONField(
        "汇总",
        encoder=UnicodeJSONEncoder,
        default=dict,
        blank=True,
        help_text="版数、文章、署名、修复、待核查等计数。",
    )
    unmatched = models.JSONField(
        "未关联转版",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text="导入后仍未找到另一部分的转版标记。",
    )
    repairs = models.JSONField("分栏修复", encoder=UnicodeJSONEncoder, default=list, blank=True)
    flags = models.JSONField("待核查", encoder=UnicodeJSONEncoder, default=list, blank=True)
    repair_count = models.PositiveIntegerField("修复数", default=0)
    flag_count = models.PositiveIntegerField("待核查数", default=0)
    unmatched_count = models.PositiveIntegerField("未关联数", default=0)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["issue", "-created_at"], name="import_issue_created_idx")]
        permissions = [
            ("import_pages", "可在后台上传并导入版面"),
            ("review_repairs", "可撤销或确认分栏修复"),
        ]

    def __str__(self):
        return f"{self.issue} {self.get_source_display()}导入（{self.created_at:%Y-%m-%d %H:%M}）"

    def get_absolute_url(self):
        return reverse("admin:editorial_importrecord_change", args=[self.pk])
