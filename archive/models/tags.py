"""Subject tags and the people, places and organisations an article is about, kept apart by kind.

One model for both, told apart by ``kind``: a subject tag (环卫) and a person (陈雍) never share a
list, URL or autocomplete, but tagging, aliases and merging work the same way for all of them.
Renaming or merging keeps the old slug as an alias row, so a reader's old link redirects.
"""

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify

from .status import Status


class TagQuerySet(models.QuerySet):
    """Vocabulary for selecting tags."""

    def subjects(self):
        return self.filter(kind=Tag.Kind.SUBJECT)

    def entities(self):
        return self.exclude(kind=Tag.Kind.SUBJECT)

    def published(self):
        """Tags on at least one article readers can see."""
        # A join on the tag's own rows, not a subquery over every published article of the archive.
        return self.filter(
            Exists(ArticleTag.objects.filter(tag=OuterRef("pk"), article__issue__status=Status.PUBLISHED))
        )


def tag_slug(name: str) -> str:
    """The URL form of a tag name: Chinese kept as it is, spaces and punctuation made hyphens."""
    return slugify(name, allow_unicode=True) or "tag"


class Tag(models.Model):
    """A subject tag (环卫), or a person, place or organisation an editor accepted from the text."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", "主题"
        PERSON = "person", "人物"
        PLACE = "place", "地点"
        ORGANISATION = "organisation", "机构"

    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.SUBJECT)
    name = models.CharField("名称", max_length=60, help_text="读者看到的名称，如“环卫”“陈雍”“银川市”。")
    slug = models.SlugField(
        "网址标识",
        max_length=80,
        allow_unicode=True,
        blank=True,
        help_text="出现在网址中，留空则按名称生成；改名后旧网址会自动跳转到新网址。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="tag_unique_kind_name",
                violation_error_message="这一类别下已有同名的标签。",
            ),
            models.UniqueConstraint(
                fields=["kind", "slug"],
                name="tag_unique_kind_slug",
                violation_error_message="这一类别下已有标签使用这个网址标识。",
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="tag_name_not_empty", violation_error_message="标签名称不能为空。"
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="tag_slug_not_empty", violation_error_message="网址标识不能为空。"
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.SUBJECT:
            return self.name
        return f"{self.name}（{self.get_kind_display()}）"

    def save(self, *args, **kwargs):
        """Fill the slug from the name; a changed slug leaves an alias behind so old links keep working."""
        self.name = self.name.strip()
        with transaction.atomic():
            if not self.slug:
                self.slug = self.free_slug(tag_slug(self.name))
            if self.pk:
                old = Tag.objects.filter(pk=self.pk).values_list("kind", "slug").first()
                if old and old != (self.kind, self.slug):
                    TagAlias.objects.update_or_create(kind=old[0], slug=old[1], defaults={"tag": self})
            TagAlias.objects.filter(kind=self.kind, slug=self.slug).delete()  # a live slug wins over an alias
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == self.Kind.SUBJECT:
            return reverse("archive:tag", kwargs={"slug": self.slug})
        return reverse("archive:entity", kwargs={"kind": self.kind, "slug": self.slug})

    def free_slug(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… when another tag of this kind already uses it."""
        taken = set(
            Tag.objects.filter(kind=self.kind, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        # An old URL of another tag stays its redirect rather than becoming this tag's page.
        aliases = TagAlias.objects.filter(kind=self.kind, slug__startswith=base).exclude(tag_id=self.pk)
        taken.update(aliases.values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    @transaction.atomic
    def merge(self, others) -> int:
        """Fold other tags of this kind into this one: articles move, duplicates collapse, old slugs redirect.

        Returns how many tags were merged away.
        """
        others = [t for t in others if t.pk != self.pk]
        for other in others:
            if other.kind != self.kind:
                raise ValueError(f"“{other}”与“{self}”类别不同，不能合并。")
        ids = [t.pk for t in others]
        already = ArticleTag.objects.filter(tag=self).values("article_id")
        ArticleTag.objects.filter(tag_id__in=ids, article_id__in=already).delete()
        # Two merged-away tags on the same article: keep one row of them.
        seen: set[int] = set()
        for row in ArticleTag.objects.filter(tag_id__in=ids).order_by("pk").only("pk", "article_id"):
            if row.article_id in seen:
                row.delete()
            else:
                seen.add(row.article_id)
        ArticleTag.objects.filter(tag_id__in=ids).update(tag=self)
        TagAlias.objects.filter(tag_id__in=ids).update(tag=self)
        for other in others:
            TagAlias.objects.update_or_create(kind=other.kind, slug=other.slug, defaults={"tag": self})
        Tag.objects.filter(pk__in=ids).delete()
        return len(ids)


class TagAlias(models.Model):
    """A slug a tag had before a rename or merge, so its old public URL redirects to the tag."""

    kind = models.CharField("类别", max_length=12, choices=Tag.Kind.choices)
    slug = models.SlugField("旧网址标识", max_length=80, allow_unicode=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases", verbose_name="现标签")

    class Meta:
        verbose_name = "标签旧网址"
        verbose_name_plural = "标签旧网址"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug"],
                name="tagalias_unique_kind_slug",
                violation_error_message="这个旧网址标识已经指向一个标签。",
            )
        ]

    def __str__(self):
        return f"{self.slug} → {self.tag}"


class ArticleTag(models.Model):
    """One tag on one article, with when it was put there."""

    article = models.ForeignKey(
        "archive.Article", on_delete=models.CASCADE, related_name="tagged", verbose_name="文章"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged", verbose_name="标签")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "文章标签"
        verbose_name_plural = "文章标签"
        ordering = ["tag__kind", "tag__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "tag"],
                name="articletag_unique_article_tag",
                violation_error_message="这篇文章已经有这个标签了。",
            )
        ]
        indexes = [models.Index(fields=["tag", "article"], name="articletag_tag_article_idx")]

    def __str__(self):
        return str(self.tag)
