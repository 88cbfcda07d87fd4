"""Errata (更正): public, dated notes that what was printed was wrong, approved by a 值班主任.

A quiet transcription fix is only a revision of the article; an erratum is a record of its own,
because readers must see it with its date and still be able to read what was printed. Approving
one (``editorial.corrections.approve``) also corrects the article's text where that is unambiguous.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .articles import Article
from .status import Status

APPROVE_PERMISSION = "archive.approve_correction"


class CorrectionQuerySet(models.QuerySet):
    """Vocabulary for errata; public pages start from public()."""

    def approved(self):
        return self.filter(status=Correction.Status.APPROVED).order_by("approved_at", "pk")

    def pending(self):
        return self.filter(status=Correction.Status.PENDING)

    def public(self):
        """Approved errata of articles readers can see.

        The same rule as ``Article.objects.published()`` (an article is public exactly when its issue is),
        written as a join to the issue's status so the database never builds the set of every published
        article.
        """
        return self.approved().filter(article__issue__status=Status.PUBLISHED)


class Correction(models.Model):
    """An erratum on one article: the note readers see, the text as printed and as corrected."""

    class Status(models.TextChoices):
        PENDING = "pending", "待批准"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name="文章"
    )
    note = models.TextField("更正说明", help_text="读者看到的更正启事，如“本报4月27日01版……有误，特此更正。”")
    printed_text = models.TextField("原刊文字", help_text="印刷出来的错误文字，原样照录，读者仍可看到。")
    corrected_text = models.TextField("更正为", help_text="正确的文字。")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出人",
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准人",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = "更正"
        verbose_name_plural = "更正"
        ordering = ["-created_at"]
        permissions = [("approve_correction", "可以批准更正")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""),
                name="correction_note_not_empty",
                violation_error_message="更正说明不能为空。",
            ),
            models.CheckConstraint(
                condition=~Q(printed_text=F("corrected_text")),
                name="correction_changes_text",
                violation_error_message="“原刊文字”和“更正为”相同，没有要更正的内容。",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="approved", approved_by__isnull=False, approved_at__isnull=False)
                    | (~Q(status="approved") & Q(approved_at__isnull=True))
                ),
                name="correction_approval_matches_status",
                violation_error_message="只有已批准的更正才有批准人和批准时间。",
            ),
        ]
        indexes = [models.Index(fields=["article", "status"], name="correction_article_status_idx")]

    def __str__(self):
        # No related rows here: lists of errata render without a query per row.
        return f"更正 #{self.pk}（{self.get_status_display()}）" if self.pk else "新更正"

    def get_absolute_url(self):
        return self.article.get_absolute_url() + f"#correction-{self.pk}"

    def clean(self):
        super().clean()
        if self.printed_text and self.printed_text.strip() == (self.corrected_text or "").strip():
            raise ValidationError({"corrected_text": "“更正为”与“原刊文字”相同，没有要更正的内容。"})

    def approve(self, user):
        """Approve as a 值班主任; only users with approve_correction may, and only a pending erratum."""
        if not user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied("只有值班主任可以批准更正。")
        if self.status != self.Status.PENDING:
            raise ValidationError("这条更正已处理过，不能再批准。")
        self.status, self.approved_by, self.approved_at = self.Status.APPROVED, user, timezone.now()
        self.save(update_fields=["status", "approved_by", "approved_at"])

    def reject(self, user):
        """Decline a pending erratum; it stays on record but never reaches readers."""
        if not user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied("只有值班主任可以处理更正。")
        if self.status != self.Status.PENDING:
            raise ValidationError("这条更正已处理过。")
        self.status = self.Status.REJECTED
        self.save(update_fields=["status"])
