"""Filters of the JSON API, validated by django-filter: a bad value is a 400 with a Chinese message."""

import django_filters
from django import forms

from archive.models import Article, ArticleTag, Byline, Contributor, Issue, Page, Publication, Tag
from archive.parsing.pagelabel import PageLabel
from archive.views.tags import ENTITY_KINDS


class PageLabelField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        label = PageLabel.parse(value)
        if label is None:
            raise forms.ValidationError("版次不对，应为 01、3 或 A3 这样的形式。", code="page")
        return label


class PageLabelFilter(django_filters.Filter):
    """?page=01 or ?page=A3: the printed page, by prefix and number."""

    field_class = PageLabelField

    def __init__(self, *args, through="", **kwargs):
        super().__init__(*args, **kwargs)
        self.through = f"{through}__" if through else ""

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.through}prefix": value.prefix, f"{self.through}number": value.number})


def tagged(queryset, kind, slug):
    """Articles carrying the tag of this kind and slug (through the tag's own article index)."""
    rows = ArticleTag.objects.filter(tag__kind=kind, tag__slug=slug).values("article_id")
    return queryset.filter(pk__in=rows)


class EntityField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        kind, _, slug = value.partition("/")
        if kind not in ENTITY_KINDS or not slug:
            raise forms.ValidationError(
                "应为 类别/网址标识，类别是 person、place 或 organisation，如 person/陈雍。", code="entity"
            )
        return kind, slug


class EntityFilter(django_filters.Filter):
    """?entity=person/陈雍: a person, place or organisation, as in its page's URL."""

    field_class = EntityField

    def filter(self, qs, value):
        return qs if value is None else tagged(qs, *value)


class DateRange:
    """Builds the FilterSet every dated resource shares: publication=slug, date, date_from / date_to."""

    @classmethod
    def make(cls, date_field, publication_field, model, extra=()):
        attrs = {
            "publication": django_filters.CharFilter(field_name=publication_field, label="报纸网址标识"),
            "date": django_filters.DateFilter(field_name=date_field, label="出版日期"),
            "date_from": django_filters.DateFilter(
                field_name=date_field, lookup_expr="gte", label="起始日期"
            ),
            "date_to": django_filters.DateFilter(field_name=date_field, lookup_expr="lte", label="截止日期"),
            **dict(extra),
            "Meta": type("Meta", (), {"model": model, "fields": []}),
        }
        return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


IssueFilter = DateRange.make("date", "publication__slug", Issue)
PageFilter = DateRange.make(
    "issue__date", "issue__publication__slug", Page, extra={"page": PageLabelFilter(label="版次")}
)


class ArticleFilter(DateRange.make("issue__date", "issue__publication__slug", Article)):
    page = PageLabelFilter(through="page", label="版次")
    section = django_filters.CharFilter(field_name="section", label="栏目")
    contributor = django_filters.NumberFilter(method="by_contributor", label="作者编号")
    agency = django_filters.NumberFilter(field_name="agency_id", label="稿源编号")
    tag = django_filters.CharFilter(method="by_tag", label="主题标签（网址标识）")
    entity = EntityFilter(label="人物/地点/机构，如 person/陈雍")

    def by_contributor(self, queryset, name, value):
        """Through the contributor's own bylines (their index), not a join over every article."""
        return queryset.filter(pk__in=Byline.objects.filter(contributor_id=value).values("article_id"))

    def by_tag(self, queryset, name, value):
        return tagged(queryset, Tag.Kind.SUBJECT, value)


class ContributorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Contributor.Kind.choices, label="类别")
    name = django_filters.CharFilter(field_name="name", label="姓名/名称")

    class Meta:
        model = Contributor
        fields = []


class PublicationFilter(django_filters.FilterSet):
    """Publications take no filters; an empty FilterSet keeps one code path for every list."""

    class Meta:
        model = Publication
        fields = []
