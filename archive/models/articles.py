"""Articles as printed, with the imported text kept beside the current one."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.bodytext import body_problems

from .contributors import Contributor
from .encoding import UnicodeJSONEncoder
from .importedtext import SOURCE_LINES_KEY, text_of_lines
from .issues import Issue, Page
from .status import Status


def validate_body(value):
    """A body must be a list of {"kind": paragraph|subhead|caption, "text": non-empty str}."""
    problems = body_problems(value)
    if problems:
        raise ValidationError([str(p) for p in problems], code="invalid_body")


class ArticleQuerySet(models.QuerySet):
    """Vocabulary for selecting articles; public views start from published()."""

    def published(self):
        """Articles readers may see: exactly those of a published issue (articles have no status of their own)."""
        return self.filter(issue__status=Status.PUBLISHED)

    def in_print_order(self):
        return self.order_by("issue__date", "page__prefix", "page__number", "order")

    def with_page(self):
        return self.select_related("issue__publication", "page", "agency")

    def with_unreviewed_flags(self):
        """Articles with at least one importer flag no editor has marked resolved (the publish gate's question).

        The flag rows are the newsroom's (editorial.ArticleFlag); they are reached through the reverse
        relation so the archive never imports editorial.
        """
        flags = self.model._meta.get_field("flag_reviews").related_model
        return self.filter(Exists(flags.objects.filter(article=OuterRef("pk"), resolved_at__isnull=True)))


class Article(models.Model):
    """One article as printed on its first page, with the imported text kept beside the current one."""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name="期次",
        db_index=False,  # article_issue_page_order_idx starts with the issue
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name="版面",
        help_text="文章开始的版面。",
        db_index=False,  # article_unique_order_on_page starts with the page
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
        db_index=False,  # article_agency_issue_idx leads with it
        verbose_name="稿源",
        help_text="新华社等通讯社或他报；本报自采稿留空。",
    )
    body = models.JSONField(
        "正文",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        validators=[validate_body],
        help_text="正文的段落、小标题和图片说明，按印刷顺序。",
    )
    repairs = models.JSONField(
        "导入修复",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text="导入时自动拼接的断栏，可据此核对或撤销。",
    )
    flags = models.JSONField(
        "待核查",
        encoder=UnicodeJSONEncoder,
        default=list,
        blank=True,
        help_text="导入时发现的可疑之处，请编辑核对。",
    )
    stored_imported_text = models.TextField(
        "导入原文",
        blank=True,
        db_column="imported_text",
        help_text="本文在导入文件中的原始文字；为空时从版面原文中导入记下的那几行读出。",
    )
    imported_snapshot = models.JSONField(
        "导入时版本",
        encoder=UnicodeJSONEncoder,
        default=dict,
        blank=True,
        help_text="导入时内容的校验值与署名，用来判断编辑是否改动过。",
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["stored_imported_text", "imported_snapshot"],
        verbose_name="文章修订",
        verbose_name_plural="文章修订",
    )
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
            models.UniqueConstraint(
                fields=["page", "order"],
                name="article_unique_order_on_page",
                violation_error_message="本版已有一篇文章排在这个顺序上，请换一个版内顺序。",
            ),
            models.CheckConstraint(
                condition=Q(order__gt=0),
                name="article_order_positive",
                violation_error_message="版内顺序从 1 开始。",
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "page", "order"], name="article_issue_page_order_idx"),
            # An agency's page counts its published dispatches from this index alone (an index-only
            # scan joined to the issues): 29 ms for 64,000 wire stories at a million articles,
            # against 174 ms through the agency's own index, which fetched every article row.
            models.Index(fields=["agency", "issue"], name="article_agency_issue_idx"),
        ]

    def __str__(self):
        return self.headline or f"（无标题）{self.page}"

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"pk": self.pk})

    def clean(self):
        """Checks across fields (the body's own structure is checked by validate_body in clean_fields)."""
        super().clean()
        if self.body in EMPTY_VALUES and not isinstance(self.body, list):
            # clean_fields() skips validators for None and "", which the database would store as null.
            raise ValidationError({"body": "正文的存储格式不对：应是段落列表。"})
        if self.page_id and self.issue_id and self.page.issue_id != self.issue_id:
            raise ValidationError({"page": "这个版面不属于所选期次。"})
        if not self.headline.strip() and not any(b.get("kind") != "subhead" for b in self._body_blocks()):
            raise ValidationError("文章不能既没有主题又没有正文。")

    def _body_blocks(self) -> list[dict]:
        """The body's blocks when it is a list of dicts, else nothing (validate_body reports the rest)."""
        return [b for b in self.body if isinstance(b, dict)] if isinstance(self.body, list) else []

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

    def snapshot_digest(self) -> str:
        """A short checksum of the editable fields, so the import record need not keep a copy of the body."""
        return digest_of(self.snapshot())

    @property
    def imported_text(self) -> str:
        """The article's text in the import file, exactly as printed there.

        Stored only when it cannot be read back from the page's own source text: an import records
        the page lines the article was read from (``imported_snapshot["lines"]``) and leaves the
        column empty, so the archive does not keep the page's text twice. Reading it then loads the
        page. (An imported text is never empty, so "" with line ranges means "read from the page".)
        """
        if self.stored_imported_text:
            return self.stored_imported_text
        lines = (self.imported_snapshot or {}).get(SOURCE_LINES_KEY)
        return text_of_lines(self.page.source_text, lines) if lines else ""

    @imported_text.setter
    def imported_text(self, value: str) -> None:
        self.stored_imported_text = value

    @property
    def is_edited(self) -> bool:
        """True when an editor changed the text or headline group since the last import."""
        imported = self.imported_snapshot
        if not imported:
            return False
        if "sha1" in imported:
            return self.snapshot_digest() != imported["sha1"]
        return self.snapshot() != imported  # full copies written before the compact form


FIRST_REVISION_REASON = "导入"  # editorial.importing's IMPORT_REASON: the archive may not import editorial
IMPORTED_BY_KEY = "by"  # imported_snapshot: the user id of whoever imported the first version, if anyone


def first_version_user(article: Article):
    """Who imported the article's first version (None for a command-line import or a deleted user)."""
    user_id = (article.imported_snapshot or {}).get(IMPORTED_BY_KEY)
    if user_id is None:
        return None
    return (
        Article.history.model._meta.get_field("history_user").related_model.objects.filter(pk=user_id).first()
    )


def before_article_change(article: Article) -> None:
    """Keep what an article's stored row alone holds before that row changes (call before writing it).

    A bulk import writes no history: until an article first changes, its row is its first version
    and the revisions page shows it as such. Before the first change that version goes into the
    history as the "+" record (dated when the article was created, by whoever imported it, reason
    导入), so it stays visible and restorable. And when the article leaves its page, its imported
    text is copied out of that page's source into its own row (see Article.imported_text).
    """
    if article.pk is None:
        return
    with transaction.atomic(savepoint=False):
        # The row lock makes two first changes at once write one "+" record, not two.
        stored = Article.objects.select_for_update().filter(pk=article.pk).first()
        if stored is None:
            return
        if not Article.history.filter(id=article.pk).exists():
            stored._history_user = first_version_user(stored)  # not whoever changes it now (the request's)
            Article.history.bulk_history_create(
                [stored], default_date=stored.created_at, default_change_reason=FIRST_REVISION_REASON
            )
        if stored.page_id != article.page_id and not stored.stored_imported_text:
            text = stored.imported_text  # read from the page it was imported on
            Article.objects.filter(pk=article.pk).update(stored_imported_text=text)
            article.stored_imported_text = text


def _before_save(sender, instance: Article, raw=False, **kwargs) -> None:
    if not raw and not instance._state.adding:
        before_article_change(instance)


models.signals.pre_save.connect(_before_save, sender=Article, dispatch_uid="article_before_change")


def digest_of(snapshot: dict) -> str:
    """The checksum of a snapshot, independent of key order and of how JSON escapes Chinese."""
    canonical = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()
