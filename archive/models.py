"""The published record: papers, issues, pages (版), articles, contributors and jump markers."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    """Where an issue or article stands in the newsroom's workflow."""

    IMPORTED = "imported", "已导入"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已发布"


class Publication(models.Model):
    """A newspaper; one install can hold several."""

    name = models.CharField("报名", max_length=100, unique=True, help_text="报纸全称，如“某某日报”。")
    short_name = models.CharField(
        "简称", max_length=40, blank=True, help_text="页面标题和引文中可用的简称，可留空。"
    )
    slug = models.SlugField(
        "网址标识",
        max_length=60,
        unique=True,
        help_text="出现在网址中的英文标识，如 mouribao；发布后不要再改，否则旧链接会失效。",
    )

    class Meta:
        verbose_name = "报纸"
        verbose_name_plural = "报纸"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:publication", kwargs={"slug": self.slug})


class IssueQuerySet(models.QuerySet):
    """Vocabulary for selecting issues."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Issue(models.Model):
    """One day's paper (期) of one publication."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="issues", verbose_name="报纸"
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
        help_text="只有“已发布”的期次对读者可见。",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "期次"
        verbose_name_plural = "期次"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="issue_one_per_publication_date"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gt=0), name="issue_number_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "status", "-date"], name="issue_pub_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("archive:issue", kwargs={"slug": self.publication.slug, "date": self.date.isoformat()})


class PageQuerySet(models.QuerySet):
    """Vocabulary for selecting pages."""

    def published(self):
        return self.filter(issue__status=Status.PUBLISHED)


class Page(models.Model):
    """One printed page (版) of an issue, with its name and credits."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="pages", verbose_name="期次")
    prefix = models.CharField(
        "叠号",
        max_length=3,
        blank=True,
        default="",
        help_text="分叠报纸的字母，如 A3版 的“A”；不分叠留空。",
    )
    number = models.PositiveSmallIntegerField("版次", help_text="版面序号，01版填 1。")
    name = models.CharField("版名", max_length=60, blank=True, help_text="如 要闻、综合、理论、副刊。")
    credits = models.JSONField(
        "版面署名",
        default=list,
        blank=True,
        help_text='本版的责任编辑、校对、美编等，格式 [{"role": "责任编辑", "name": "某某"}]。',
    )
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_text = models.TextField("导入原文", blank=True, help_text="导入时的整版文字，原样保存，不要修改。")
    source_sha256 = models.CharField("原文校验值", max_length=64, blank=True)
    source_encoding = models.CharField("原文编码", max_length=16, blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue", "prefix", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "prefix", "number"], name="page_one_per_issue_number"),
            models.CheckConstraint(condition=Q(number__gt=0), name="page_number_positive"),
        ]

    def __str__(self):
        return f"{self.issue} {self.label}版"

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
    def label(self) -> str:
        """The page as printed in a jump line and in citations: 01, A3."""
        return f"{self.prefix}{self.number}" if self.prefix else f"{self.number:02d}"

    @property
    def key(self):
        """The page as the parser names it: 3, or "A3" for a lettered section."""
        return f"{self.prefix}{self.number}" if self.prefix else self.number


class ContributorQuerySet(models.QuerySet):
    """Vocabulary for selecting contributors."""

    def persons(self):
        return self.filter(kind=Contributor.Kind.PERSON)

    def agencies(self):
        return self.filter(kind=Contributor.Kind.AGENCY)

    def published(self):
        """Contributors with at least one article readers can see."""
        person = Q(bylines__article__in=Article.objects.published())
        agency = Q(agency_articles__in=Article.objects.published())
        return self.filter(person | agency).distinct()


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


class ArticleQuerySet(models.QuerySet):
    """Vocabulary for selecting articles; public views start from published()."""

    def published(self):
        return self.filter(status=Status.PUBLISHED, issue__status=Status.PUBLISHED)

    def in_print_order(self):
        return self.order_by("issue__date", "page__prefix", "page__number", "order")

    def with_page(self):
        return self.select_related("issue__publication", "page", "agency")


class Article(models.Model):
    """One article as printed on its first page, with the imported text kept beside the current one."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles", verbose_name="期次")
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name="版面",
        help_text="文章开始的版面。",
    )
    order = models.PositiveSmallIntegerField("版内顺序", help_text="在本版中的先后，从 1 开始。")
    section = models.CharField("栏目", max_length=200, blank=True, help_text="标题组上方的栏目名。")
    kicker = models.CharField("引题", max_length=300, blank=True, help_text="主题上方的引题。")
    headline = models.CharField("主题", max_length=300, blank=True, help_text="主标题，按印刷原样。")
    subtitle = models.CharField(
        "副题", max_length=300, blank=True, help_text="主题下方的副题，常以“——”开头。"
    )
    document_date = models.DateField(
        "文件日期", null=True, blank=True, help_text="全文刊发的文件标题下的日期。"
    )
    dateline_place = models.CharField(
        "电头地点", max_length=40, blank=True, help_text="如“新华社北京4月26日电”中的“北京”。"
    )
    dateline_date = models.CharField(
        "电头日期", max_length=20, blank=True, help_text="按印刷原样，如“4月26日”。"
    )
    agency = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_articles",
        limit_choices_to={"kind": Contributor.Kind.AGENCY},
        verbose_name="稿源",
        help_text="新华社等通讯社或他报；本报自采稿留空。",
    )
    body = models.JSONField(
        "正文",
        default=list,
        blank=True,
        help_text='正文段落与小标题，格式 [{"kind": "paragraph"|"subhead"|"caption", "text": "…"}]。',
    )
    repairs = models.JSONField(
        "导入修复", default=list, blank=True, help_text="导入时自动拼接的断栏，可据此核对或撤销。"
    )
    flags = models.JSONField(
        "待核查", default=list, blank=True, help_text="导入时发现的可疑之处，请编辑核对。"
    )
    imported_text = models.TextField(
        "导入原文", blank=True, help_text="本文在导入文件中的原始文字，原样保存。"
    )
    imported_snapshot = models.JSONField(
        "导入时版本", default=dict, blank=True, help_text="导入时各字段的值，用来判断编辑是否改动过。"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.IMPORTED)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["imported_text"])
    objects = ArticleQuerySet.as_manager()

    EDITABLE_FIELDS = (
        "section",
        "kicker",
        "headline",
        "subtitle",
        "document_date",
        "dateline_place",
        "dateline_date",
        "body",
    )

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["issue", "page__prefix", "page__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="article_unique_order_on_page"),
            models.CheckConstraint(condition=Q(order__gt=0), name="article_order_positive"),
        ]
        indexes = [
            models.Index(fields=["issue", "page", "order"], name="article_issue_page_order_idx"),
            models.Index(fields=["status", "issue"], name="article_status_issue_idx"),
        ]

    def __str__(self):
        return self.headline or f"（无标题）{self.page}"

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"pk": self.pk})

    @property
    def paragraphs(self) -> list[str]:
        """Body text without subheads, captions included, exactly as parse_page reports paragraphs."""
        return [b["text"] for b in self.body if b.get("kind") != "subhead"]

    @property
    def subheads(self) -> list[str]:
        return [b["text"] for b in self.body if b.get("kind") == "subhead"]

    @property
    def plain_text(self) -> str:
        """The body as one string, for search and previews."""
        return "\n".join(b["text"] for b in self.body)

    def snapshot(self) -> dict:
        """The editable fields as plain JSON, to tell an editor's change from the import."""
        data = {name: getattr(self, name) for name in self.EDITABLE_FIELDS}
        data["document_date"] = self.document_date.isoformat() if self.document_date else None
        return data

    @property
    def is_edited(self) -> bool:
        return bool(self.imported_snapshot) and self.snapshot() != self.imported_snapshot


class Byline(models.Model):
    """A contributor credited on an article in a role such as 记者 or 通讯员."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name="文章"
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
    page_prefix = models.CharField("所指叠号", max_length=3, blank=True, default="")
    page_number = models.PositiveSmallIntegerField(
        "所指版次", null=True, blank=True, help_text="转到或接自的版次；原文没印版次时为空。"
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

    class Meta:
        verbose_name = "转版标记"
        verbose_name_plural = "转版标记"
        ordering = ["article", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(linked_article=F("article")), name="marker_article_not_continued_into_itself"
            ),
            models.CheckConstraint(
                condition=(Q(linked_article__isnull=True) & Q(link_status=""))
                | (Q(linked_article__isnull=False) & ~Q(link_status="")),
                name="marker_link_status_matches_link",
            ),
            models.UniqueConstraint(fields=["article", "order"], name="marker_unique_order_in_article"),
        ]
        indexes = [models.Index(fields=["kind", "page_number"], name="marker_kind_page_idx")]

    def __str__(self):
        return self.text

    @property
    def page_key(self):
        """The page named, as the parser names it (3 or "A3"), or None."""
        if self.page_number is None:
            return None
        return f"{self.page_prefix}{self.page_number}" if self.page_prefix else self.page_number
