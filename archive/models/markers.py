"""Printed jump lines (下转) and back lines (上接) and the links between continued parts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from archive.parsing.pagelabel import PageLabel

from .articles import Article
from .issues import PAGE_NUMBER_VALIDATORS, PAGE_PREFIX_VALIDATORS

SELF_LINK = "marker_article_not_continued_into_itself"


class ContinuationMarker(models.Model):
    """A printed jump line (下转03版) or back line (上接01版), and the article it leads to once linked."""

    class Kind(models.TextChoices):
        JUMP = "jump", "下转"
        BACK = "back", "上接"

    class LinkStatus(models.TextChoices):
        NONE = "", "未关联"
        AUTO = "auto", "自动关联"
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="markers", verbose_name="文章"
    )
    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    text = models.CharField("原文", max_length=40, help_text="印刷原样，如“(下转02版)”。")
    page_prefix = models.CharField(
        "所指叠号", max_length=3, blank=True, default="", validators=PAGE_PREFIX_VALIDATORS
    )
    page_number = models.PositiveSmallIntegerField(
        "所指版次",
        null=True,
        blank=True,
        validators=PAGE_NUMBER_VALIDATORS,
        help_text="转到或接自的版次；原文没印版次时为空。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=1)
    linked_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_markers",
        verbose_name="关联文章",
        help_text="下转：接续部分所在的文章；上接：前半部分所在的文章。",
    )
    link_status = models.CharField(
        "关联状态", max_length=12, choices=LinkStatus.choices, blank=True, default=LinkStatus.NONE
    )

    history = HistoricalRecords(verbose_name="转版标记修订", verbose_name_plural="转版标记修订")

    class Meta:
        verbose_name = "转版标记"
        verbose_name_plural = "转版标记"
        ordering = ["article", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(linked_article=F("article")),
                name=SELF_LINK,
                violation_error_message="转版标记不能关联到它自己所在的文章，请选接续部分所在的另一篇文章。",
            ),
            models.CheckConstraint(
                condition=(Q(linked_article__isnull=True) & Q(link_status=""))
                | (Q(linked_article__isnull=False) & ~Q(link_status="")),
                name="marker_link_status_matches_link",
                violation_error_message="关联状态与关联文章不一致：选了关联文章就要选关联状态，未关联时两者都留空。",
            ),
            models.UniqueConstraint(
                fields=["article", "order"],
                name="marker_unique_order_in_article",
                violation_error_message="这篇文章已有一个转版标记用了这个顺序，请换一个顺序。",
            ),
        ]
        indexes = [models.Index(fields=["kind", "page_number"], name="marker_kind_page_idx")]

    def __str__(self):
        return self.text

    def validate_constraints(self, exclude=None):
        """Also refuse a self-link when ``article`` is excluded, as inline forms do for the parent FK.

        Model forms inside an inline formset leave the parent foreign key out of model validation,
        which skips every constraint that mentions it; the self-link would then reach the database
        as an IntegrityError (a 500) instead of a form error.
        """
        errors = {}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self_link = self.linked_article_id is not None and self.linked_article_id == self.article_id
        if exclude and "article" in exclude and self_link:
            message = next(c.violation_error_message for c in self._meta.constraints if c.name == SELF_LINK)
            errors.setdefault("linked_article", []).append(ValidationError(message, code="self_link"))
        if errors:
            raise ValidationError(errors)

    @property
    def page_key(self):
        """The page named, as the parser names it (3 or "A3"), or None."""
        label = self.page_label
        return label.key if label else None

    @property
    def page_label(self) -> PageLabel | None:
        """The page named in the marker, or None when the print names none."""
        if self.page_number is None:
            return None
        return PageLabel(self.page_prefix, self.page_number)


FOLLOWED_LINKS = (ContinuationMarker.LinkStatus.AUTO, ContinuationMarker.LinkStatus.CONFIRMED)


def continuation_chain(article: Article, within=None) -> list[int]:
    """The ids of a continued piece's parts in reading order, following auto and confirmed links both ways.

    One query reads every link of the issue; ``within`` limits the parts (readers: published only).
    Cycles and forks left by bad links are walked once, never forever.
    """
    within = Article.objects.all() if within is None else within
    edges = (
        ContinuationMarker.objects.filter(
            article__issue_id=article.issue_id,
            link_status__in=FOLLOWED_LINKS,
            article__in=within,
            linked_article__in=within,
        )
        .order_by("order", "pk")
        .values_list("article_id", "kind", "linked_article_id")
    )
    successors: dict[int, list[int]] = {}
    predecessors: dict[int, list[int]] = {}
    for source, kind, target in edges:
        first, second = (source, target) if kind == ContinuationMarker.Kind.JUMP else (target, source)
        successors.setdefault(first, []).append(second)
        predecessors.setdefault(second, []).append(first)
    head, seen = article.pk, {article.pk}
    while predecessors.get(head):
        earlier = next((p for p in predecessors[head] if p not in seen), None)
        if earlier is None:
            break
        head = earlier
        seen.add(head)
    chain, stack, visited = [], [head], set()
    while stack:
        current = stack.pop()
        if current in visited:
            continue
        visited.add(current)
        chain.append(current)
        stack.extend(reversed([s for s in successors.get(current, []) if s not in visited]))
    return chain
