"""People and agencies credited on articles, and their bylines."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.text.names import ROLE_WORDS, role_word_problem


def validate_not_role_word(value: str) -> None:
    """Refuse a role word (记者, 本报) where a person's or agency's name belongs."""
    problem = role_word_problem(value)
    if problem:
        raise ValidationError(problem, code="role_word")


class ContributorQuerySet(models.QuerySet):
    """Vocabulary for selecting contributors."""

    def persons(self):
        return self.filter(kind=Contributor.Kind.PERSON)

    def agencies(self):
        return self.filter(kind=Contributor.Kind.AGENCY)

    def published(self):
        """Contributors with at least one article readers can see.

        Two correlated EXISTS on the contributor rows at hand (served by the byline and agency indexes),
        never an IN over every published article of the archive, and no DISTINCT.
        """
        Article = apps.get_model("archive", "Article")
        published = Article.objects.published()
        return self.filter(
            Exists(published.filter(bylines__contributor=OuterRef("pk")))
            | Exists(published.filter(agency=OuterRef("pk")))
        )


class Contributor(models.Model):
    """A person or an agency credited on articles, one row each whatever the spacing in print."""

    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        AGENCY = "agency", "机构"

    name = models.CharField(
        "姓名/名称",
        max_length=60,
        help_text="规范后的名字，不含排版空格：印作“单 瑞”的写“单瑞”。不能是“记者”“本报”之类的身份词。",
        validators=[validate_not_role_word],
    )
    kind = models.CharField("类别", max_length=8, choices=Kind.choices, default=Kind.PERSON)

    # Renames and kind changes stay on record; a merge's deletion too.
    history = HistoricalRecords()
    objects = ContributorQuerySet.as_manager()

    class Meta:
        verbose_name = "作者/机构"
        verbose_name_plural = "作者/机构"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="contributor_unique_kind_name",
                violation_error_message="已有同名同类别的作者/机构，请直接选用它。",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="contributor_name_not_empty",
                violation_error_message="名字不能为空。",
            ),
            models.CheckConstraint(
                condition=~Q(name__in=sorted(ROLE_WORDS)),
                name="contributor_name_not_role_word",
                violation_error_message="“记者”“本报”等身份词不是作者或机构的名字。",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:contributor", kwargs={"pk": self.pk})

    @transaction.atomic
    def merge(self, others) -> int:
        """Fold other records of the same person or agency into this one, all or nothing.

        Every byline and agency article moves here; a byline that would repeat one this contributor
        already has on the same article in the same role is dropped; each old id keeps an alias row so
        its public URL redirects. Returns how many records were merged away.
        """
        others = [c for c in others if c.pk != self.pk]
        for other in others:
            if other.kind != self.kind:
                raise ValidationError(
                    f"“{other}”是{other.get_kind_display()}，“{self}”是{self.get_kind_display()}，不能合并。"
                )
        ids = [c.pk for c in others]
        Article = apps.get_model("archive", "Article")
        # Lock the rows involved so a concurrent import cannot credit a record being deleted.
        list(Contributor.objects.select_for_update().filter(pk__in=[self.pk, *ids]).values_list("pk"))
        moving = Byline.objects.filter(contributor_id__in=ids)
        kept = set(Byline.objects.filter(contributor=self).values_list("article_id", "role"))
        drop = []
        for pk, article_id, role in moving.order_by("article_id", "order", "pk").values_list(
            "pk", "article_id", "role"
        ):
            if (article_id, role) in kept:
                drop.append(pk)
            else:
                kept.add((article_id, role))
        Byline.objects.filter(pk__in=drop).delete()
        moving.update(contributor=self)
        Article.objects.filter(agency_id__in=ids).update(agency=self)
        ContributorAlias.objects.filter(contributor_id__in=ids).update(contributor=self)
        ContributorAlias.objects.bulk_create(
            [ContributorAlias(old_id=c.pk, old_name=c.name, contributor=self) for c in others]
        )
        for other in others:
            other.delete()  # one by one, so the deletion is in the contributor's history
        return len(ids)

    @classmethod
    def resolve_alias(cls, pk: int) -> "Contributor | None":
        """The contributor a merged-away id now lives on, or None when the id was never merged."""
        alias = ContributorAlias.objects.select_related("contributor").filter(old_id=pk).first()
        return alias.contributor if alias else None


class ContributorAlias(models.Model):
    """The id of a contributor merged into another, so its old public URL redirects to the one kept."""

    old_id = models.PositiveBigIntegerField("原编号", unique=True, help_text="被合并掉的作者/机构的编号。")
    old_name = models.CharField("原名", max_length=60, blank=True)
    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="aliases", verbose_name="合并到"
    )
    merged_at = models.DateTimeField("合并时间", auto_now_add=True)

    class Meta:
        verbose_name = "作者合并记录"
        verbose_name_plural = "作者合并记录"
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.old_name or self.old_id} → {self.contributor}"


class Byline(models.Model):
    """A contributor credited on an article in a role such as 记者 or 通讯员."""

    article = models.ForeignKey(
        "archive.Article",
        on_delete=models.CASCADE,
        related_name="bylines",
        verbose_name="文章",
        db_index=False,  # byline_unique_article_contributor_role starts with the article
    )
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="bylines", verbose_name="作者"
    )
    role = models.CharField("身份", max_length=20, default="记者", help_text="记者、通讯员、实习生、作者等。")
    order = models.PositiveSmallIntegerField("署名顺序", default=1)

    history = HistoricalRecords(verbose_name="署名修订", verbose_name_plural="署名修订")

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"],
                name="byline_unique_article_contributor_role",
                violation_error_message="同一篇文章里，这位作者已经以这个身份署名了。",
            ),
        ]

    def __str__(self):
        return f"{self.role} {self.contributor}"
