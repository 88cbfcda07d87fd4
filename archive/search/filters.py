"""Filters for the search page, the API and facet links (django-filter), labels in Chinese."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from archive.models import Article, Byline
from archive.parsing.pagelabel import PageLabel

from .facets import article_tag_model

SORT_CHOICES = [("relevance", "相关度"), ("date", "日期（新→旧）"), ("date_asc", "日期（旧→新）")]


class SearchFilter(django_filters.FilterSet):
    publication = django_filters.CharFilter(field_name="issue__publication__slug", label="报纸")
    date_from = django_filters.DateFilter(field_name="issue__date", lookup_expr="gte", label="起始日期")
    date_to = django_filters.DateFilter(field_name="issue__date", lookup_expr="lte", label="截止日期")
    year = django_filters.NumberFilter(field_name="issue__date", lookup_expr="year", label="年份")
    page = django_filters.CharFilter(method="filter_page", label="版次", help_text="如 02 或 A3")
    section = django_filters.CharFilter(field_name="section", label="栏目")
    tag = django_filters.CharFilter(method="filter_tag", label="标签")
    contributor = django_filters.NumberFilter(method="filter_contributor", label="作者")
    agency = django_filters.NumberFilter(field_name="agency", label="稿源")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_page(self, queryset, name, value):
        label = PageLabel.parse(value.removesuffix("版"))
        if label is None:
            return queryset.none()
        return queryset.filter(page__prefix=label.prefix, page__number=label.number)

    def filter_contributor(self, queryset, name, value):
        return queryset.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), contributor_id=value)))

    def filter_tag(self, queryset, name, value):
        ArticleTag = article_tag_model()
        if ArticleTag is None:
            return queryset.none()
        return queryset.filter(Exists(ArticleTag.objects.filter(article=OuterRef("pk"), tag__slug=value)))
