"""People and agencies credited on articles, and their bylines."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse


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
        help_text="规范后的名字，不含排版空格：印作“单 瑞”的写“单瑞”。",
    )
    kind = models.CharField("类别", max_length=8, choices=Kind.choices, default=Kind.PERSON)

    objects = ContributorQuerySet.as_manager()

    class Meta:
        verbose_name = "作者/机构"
        verbose_name_plural = "作者/机构"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="contributor_unique_kind_name"),
            models.CheckConstraint(condition=~Q(name=""), name="contributor_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:contributor", kwargs={"pk": self.pk})


class Byline(models.Model):
    """A contributor credited on an article in a role such as 记者 or 通讯员."""

    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="bylines", verbose_name="文章"
    )
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="bylines", verbose_name="作者"
    )
    role = models.CharField("身份", max_length=20, default="记者", help_text="记者、通讯员、实习生、作者等。")
    order = models.PositiveSmallIntegerField("署名顺序", default=1)

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="byline_unique_article_contributor_role"
            ),
        ]

    def __str__(self):
        return f"{self.role} {self.contributor}"
