"""Printed jump lines (下转) and back lines (上接), and the links that join continued parts.

A link is one row (``ContinuationLink``) holding both sides, so a jump and its back line can never
disagree about whether, how surely, or to whom they are joined.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from archive.parsing.pagelabel import PageLabel

from .articles import Article
from .issues import PAGE_NUMBER_VALIDATORS, PAGE_PREFIX_VALIDATORS


class ContinuationMarkerQuerySet(models.QuerySet):
    """Vocabulary for selecting markers."""

    def with_page(self):
        return self.select_related("article__page")

    def unlinked(self):
        """Markers without an active (auto, proposed or confirmed) link: the 'to link' work queue."""
        active = ContinuationLink.objects.active()
        return self.exclude(pk__in=active.values("jump_id")).exclude(pk__in=active.values("back_id"))

    def with_links(self):
        """Prefetch every link row of each marker with both sides' pages, for ``links``/``active_link``."""
        rows = ContinuationLink.objects.with_markers()
        return self.prefetch_related(Prefetch("links_as_jump", rows), Prefetch("links_as_back", rows))

    def search_label(self, term: str):
        """Markers whose page (02版, 2, A3) or headline matches what an editor typed in the picker."""
        label = PageLabel.parse(term.strip().removesuffix("版")) if term.strip() else None
        if label is not None:
            return self.filter(article__page__prefix=label.prefix, article__page__number=label.number)
        return self.filter(Q(article__headline__icontains=term) | Q(text__icontains=term))


class ContinuationMarker(models.Model):
    """A printed jump line (下转03版) or back line (上接01版); its link, if any, is a ContinuationLink."""

    class Kind(models.TextChoices):
        JUMP = "jump", "下转"
        BACK = "back", "上接"

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="markers",
        verbose_name="文章",
        db_index=False,  # marker_unique_order_in_article starts with the article
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

    objects = ContinuationMarkerQuerySet.as_manager()

    history = HistoricalRecords(verbose_name="转版标记修订", verbose_name_plural="转版标记修订")

    class Meta:
        verbose_name = "转版标记"
        verbose_name_plural = "转版标记"
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"],
                name="marker_unique_order_in_article",
                violation_error_message="这篇文章已有一个转版标记用了这个顺序，请换一个顺序。",
            ),
        ]
        indexes = [models.Index(fields=["kind", "page_number"], name="marker_kind_page_idx")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """Where the marker is printed and under which headline: 02版 · 书香沁政协（上接01版）."""
        page = self.article.page.page_label.display
        return f"{page} · {self.article.headline or '（无标题）'}{self.text}"

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

    @property
    def links(self) -> list["ContinuationLink"]:
        """Every link row this marker is a side of, rejected ones included (prefetch with ``with_links``)."""
        return [*self.links_as_jump.all(), *self.links_as_back.all()]

    @property
    def active_link(self) -> "ContinuationLink | None":
        """The marker's one auto, proposed or confirmed link, if any."""
        return next((link for link in self.links if link.status != ContinuationLink.Status.REJECTED), None)

    def partner_of(self, link: "ContinuationLink") -> "ContinuationMarker":
        """The marker on the other side of one of this marker's links."""
        return link.back if link.jump_id == self.pk else link.jump

    def names_page_of(self, article: Article) -> bool:
        """Say whether this marker names the page the article starts on."""
        return (self.page_prefix, self.page_number) == (article.page.prefix, article.page.number)


class ContinuationLinkQuerySet(models.QuerySet):
    """Vocabulary for links; readers follow only ``followed()`` links."""

    def active(self):
        """Links that hold their markers: everything but rejected pairs."""
        return self.exclude(status=ContinuationLink.Status.REJECTED)

    def followed(self):
        """Links readers follow: made by the linker with confidence, or confirmed by an editor."""
        return self.filter(status__in=ContinuationLink.FOLLOWED)

    def in_issue(self, issue):
        return self.filter(jump__article__issue=issue)

    def with_markers(self):
        return self.select_related("jump__article__page", "back__article__page", "decided_by")


class ContinuationLink(models.Model):
    """One jump line joined to one back line: the single record of whether two parts are one piece.

    Rejected pairs stay as rows so the linker never proposes them again, while their markers stay
    free for other partners. Rows point at markers, which the importer updates in place, so an
    editor's decision survives a re-import of either page.
    """

    class Status(models.TextChoices):
        AUTO = "auto", "自动关联"
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    FOLLOWED = (Status.AUTO, Status.CONFIRMED)
    DECIDED = (Status.CONFIRMED, Status.REJECTED)

    jump = models.ForeignKey(
        ContinuationMarker,
        on_delete=models.CASCADE,
        related_name="links_as_jump",
        limit_choices_to={"kind": ContinuationMarker.Kind.JUMP},
        verbose_name="下转标记",
    )
    back = models.ForeignKey(
        ContinuationMarker,
        on_delete=models.CASCADE,
        related_name="links_as_back",
        limit_choices_to={"kind": ContinuationMarker.Kind.BACK},
        verbose_name="上接标记",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PROPOSED)
    score = models.FloatField(
        "匹配分", null=True, blank=True, help_text="自动匹配时标题的相似度，越高越可信。"
    )
    reason = models.CharField(
        "说明",
        max_length=200,
        blank=True,
        help_text="标记所写版次与实际不符时，编辑仍要关联的理由。",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ContinuationLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "转版关联"
        verbose_name_plural = "转版关联"
        ordering = ["jump__article__page__prefix", "jump__article__page__number", "jump__article__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["jump", "back"],
                name="link_one_row_per_pair",
                violation_error_message="这两个标记之间已有一条关联记录，请修改原有的那一条。",
            ),
            models.UniqueConstraint(
                fields=["jump"],
                condition=~Q(status="rejected"),
                name="link_one_active_per_jump",
                violation_error_message="这个“下转”标记已经关联了另一部分，请先解除原有关联。",
            ),
            models.UniqueConstraint(
                fields=["back"],
                condition=~Q(status="rejected"),
                name="link_one_active_per_back",
                violation_error_message="这个“上接”标记已经关联了另一部分，请先解除原有关联。",
            ),
            models.CheckConstraint(
                condition=~Q(jump=F("back")),
                name="link_jump_is_not_back",
                violation_error_message="不能把标记关联到它自己。",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="link_status_idx")]
        permissions = [("decide_continuationlink", "可关联、确认、否决或解除转版")]

    def __str__(self):
        return f"{self.jump.label} → {self.back.label}"

    # Checks

    @staticmethod
    def problems(jump: ContinuationMarker, back: ContinuationMarker) -> tuple[list[str], list[str]]:
        """What is wrong with joining these markers: (refusals, page mismatches a reason may override)."""
        refusals, mismatches = [], []
        if jump.kind != ContinuationMarker.Kind.JUMP or back.kind != ContinuationMarker.Kind.BACK:
            refusals.append("只能把“下转”标记关联到“上接”标记。")
        if jump.article_id == back.article_id:
            refusals.append("不能把一篇文章接到它自己。")
        if jump.article.issue_id != back.article.issue_id:
            refusals.append("两部分不在同一期，不能关联。")
        if refusals:
            return refusals, mismatches
        if not jump.names_page_of(back.article):
            named = jump.page_label.display if jump.page_label else "（未写版次）"
            mismatches.append(
                f"“{jump.text}”写的是{named}，接续部分却在{back.article.page.page_label.display}。"
            )
        if not back.names_page_of(jump.article):
            named = back.page_label.display if back.page_label else "（未写版次）"
            mismatches.append(
                f"“{back.text}”写的是{named}，前半部分却在{jump.article.page.page_label.display}。"
            )
        return refusals, mismatches

    @classmethod
    def check_pair(cls, jump, back, reason: str = "") -> None:
        """Raise a Chinese ValidationError unless the pair may be joined (a mismatch needs a reason)."""
        refusals, mismatches = cls.problems(jump, back)
        if refusals:
            raise ValidationError(refusals)
        if mismatches and not reason.strip():
            raise ValidationError([*mismatches, "如确需关联，请填写说明。"])

    def clean(self):
        if self.jump_id and self.back_id:
            self.check_pair(self.jump, self.back, self.reason)

    # Acting on the pair

    @classmethod
    def link(
        cls, jump, back, user, *, reason: str = "", status: str = Status.CONFIRMED
    ) -> "ContinuationLink":
        """Join two markers by an editor's decision; refuses when either already has an active partner."""
        cls.check_pair(jump, back, reason)
        with transaction.atomic():
            busy = cls.objects.active().filter(Q(jump=jump) | Q(back=back)).exclude(jump=jump, back=back)
            if busy.exists():
                raise ValidationError("其中一个标记已有关联，请先解除原有关联。")
            link, _ = cls.objects.update_or_create(
                jump=jump,
                back=back,
                defaults={
                    "status": status,
                    "reason": reason.strip(),
                    "decided_by": user,
                    "decided_at": timezone.now(),
                },
            )
        return link

    def decide(self, status: str, user) -> None:
        """Confirm or reject the pair as a whole, recording who decided and when."""
        if status == self.Status.CONFIRMED:
            refusals, mismatches = self.problems(self.jump, self.back)
            if refusals or (mismatches and not self.reason):
                raise ValidationError([*refusals, *mismatches, "页码不符的关联请先解除，再带说明重新关联。"])
        self.status, self.decided_by, self.decided_at = status, user, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])

    def confirm(self, user) -> None:
        self.decide(self.Status.CONFIRMED, user)

    def reject(self, user) -> None:
        self.decide(self.Status.REJECTED, user)

    def unlink(self) -> None:
        """Forget the pair entirely, so both markers are free and the linker may propose it again."""
        self.delete()


def partners(markers, within=None) -> dict[int, Article]:
    """For each given marker with a followed link, the article on the other side (one query).

    ``within`` limits the partners (readers: published only).
    """
    ids = [m.pk for m in markers]
    if not ids:
        return {}
    links = ContinuationLink.objects.followed().filter(Q(jump_id__in=ids) | Q(back_id__in=ids))
    if within is not None:
        links = links.filter(jump__article__in=within, back__article__in=within)
    found = {}
    for link in links.select_related(
        "jump__article__page__issue__publication", "back__article__page__issue__publication"
    ):
        found[link.jump_id] = link.back.article
        found[link.back_id] = link.jump.article
    return {pk: found[pk] for pk in ids if pk in found}


def continuation_chain(article: Article, within=None) -> list[int]:
    """The ids of a continued piece's parts in reading order, following auto and confirmed links.

    One query reads every followed link of the issue; ``within`` limits the parts (readers:
    published only). Cycles and forks left by bad links are walked once, never forever.
    """
    links = ContinuationLink.objects.followed().filter(jump__article__issue_id=article.issue_id)
    if within is not None:
        links = links.filter(jump__article__in=within, back__article__in=within)
    edges = links.order_by("jump__order", "pk").values_list("jump__article_id", "back__article_id")
    successors: dict[int, list[int]] = {}
    predecessors: dict[int, list[int]] = {}
    for first, second in edges:
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
