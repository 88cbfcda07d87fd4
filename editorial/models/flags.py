"""The importer's flags (待核查) as rows, so each can be marked resolved and queues can count them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from archive.models import Article

from ..labels import flag_label


class ArticleFlagQuerySet(models.QuerySet):
    """Vocabulary for flags; ``unresolved()`` is the 待核查 work queue."""

    def unresolved(self):
        return self.filter(resolved_at__isnull=True)

    def resolved(self):
        return self.filter(resolved_at__isnull=False)

    def in_issue(self, issue):
        return self.filter(article__issue=issue)

    def sync_for(self, articles) -> None:
        """Make the rows match each article's imported ``flags`` list, keeping resolutions of flags still there.

        A flag is the same flag when its kind and text are the same, so re-importing an unchanged
        page keeps who resolved what; flags that disappeared are dropped, new ones start unresolved.
        """
        articles = list(articles)
        existing: dict[tuple[int, str, str], list[ArticleFlag]] = {}
        for row in self.filter(article__in=articles).order_by("position", "pk"):
            existing.setdefault((row.article_id, row.kind, row.text), []).append(row)
        create, update = [], []
        for article in articles:
            for position, flag in enumerate(article.flags or []):
                key = (article.pk, str(flag.get("kind", "")), str(flag.get("text", "")))
                matches = existing.get(key)
                if matches:
                    row = matches.pop(0)
                    if row.position != position:
                        row.position = position
                        update.append(row)
                else:
                    create.append(ArticleFlag(article=article, position=position, kind=key[1], text=key[2]))
        stale = [row.pk for rows in existing.values() for row in rows]
        self.filter(pk__in=stale).delete()
        self.bulk_update(update, ["position"])
        self.bulk_create(create)


class ArticleFlag(models.Model):
    """One place the importer asked an editor to check, and who checked it."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="flag_reviews", verbose_name="文章"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    kind = models.CharField("类别", max_length=40)
    text = models.TextField("内容")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="处理人",
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True, help_text="为空表示尚未处理。")

    objects = ArticleFlagQuerySet.as_manager()

    class Meta:
        verbose_name = "待核查项"
        verbose_name_plural = "待核查项"
        ordering = ["article", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_by__isnull=True) | Q(resolved_at__isnull=False),
                name="flag_resolver_has_time",
                violation_error_message="记下了处理人的待核查项也要有处理时间。",
            ),
        ]
        indexes = [
            models.Index(
                fields=["article"], condition=Q(resolved_at__isnull=True), name="flag_unresolved_idx"
            ),
        ]
        permissions = [("resolve_articleflag", "可把待核查项标为已处理")]

    def __str__(self):
        return f"{self.kind_display}：{self.text}"

    @property
    def kind_display(self) -> str:
        return flag_label(self.kind)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    def resolve(self, user) -> None:
        """Mark the flag as checked by this editor now."""
        self.resolved_by, self.resolved_at = user, timezone.now()
        self.save(update_fields=["resolved_by", "resolved_at"])

    def reopen(self) -> None:
        """Put the flag back into the queue."""
        self.resolved_by, self.resolved_at = None, None
        self.save(update_fields=["resolved_by", "resolved_at"])
