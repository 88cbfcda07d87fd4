"""The publishing record: one event per change of an issue's status, however many articles it holds."""

from django.conf import settings
from django.db import models

from archive.models.encoding import UnicodeJSONEncoder
from archive.models.status import Status


class PublicationEvent(models.Model):
    """One step of an issue through the workflow (送审, 发布, 撤回, 退回审核): who, when, why, what the gate said.

    Publishing never writes a row per article: an article is public exactly when its issue is, so this
    one row on the issue is the whole history of a publication.
    """

    class Action(models.TextChoices):
        SEND_TO_REVIEW = "send_to_review", "送审"
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "撤回"
        RETURN_TO_REVIEW = "return_to_review", "退回审核"

    issue = models.ForeignKey(
        "archive.Issue", on_delete=models.CASCADE, related_name="publication_events", verbose_name="期次"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="空表示由命令行或系统执行。",
    )
    at = models.DateTimeField("时间")
    override_reason = models.TextField(
        "越过检查的理由", blank=True, help_text="值班主任在检查未通过时仍然发布所写的理由。"
    )
    problems = models.JSONField(
        "当时的检查结果",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text="操作时发布检查列出的问题（中文）。",
    )

    class Meta:
        verbose_name = "发布记录"
        verbose_name_plural = "发布记录"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["issue", "-at"], name="pubevent_issue_at_idx")]

    def __str__(self):
        return f"{self.issue_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)
