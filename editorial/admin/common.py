"""Helpers every admin module shares: count columns without fan-out joins, listing detection, summary inlines."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property

from archive.planner import estimated_rows


def count_of(model, fk: str, **filters):
    """A correlated COUNT subquery, so changelists show counts without a query per row or a fan-out join."""
    rows = (
        model._default_manager.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def count_column(attr: str, description: str, sortable: bool = True):
    """A changelist column that shows a count annotated by get_queryset, sortable by it."""

    @admin.display(description=description, ordering=attr if sortable else None)
    def column(self, obj):
        return getattr(obj, attr)

    column.__name__ = attr
    return column


def is_listing(request) -> bool:
    """True on changelists and autocomplete lookups, where big text columns would only be thrown away."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith(("_changelist", "autocomplete")))


class VerboseInlineFormSet(BaseInlineFormSet):
    """Inline rows whose duplicate-row error names the fields as editors know them, not by code name."""

    def get_unique_error_message(self, unique_check):
        names = "、".join(str(self.model._meta.get_field(name).verbose_name) for name in unique_check)
        return f"有两行的{names}完全相同，请删去或修改重复的一行。"


class SummaryFormSet(VerboseInlineFormSet):
    """Give each row its parent object back; Django sets only the id, so a row's title re-fetched the parent."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        setattr(form.instance, self.fk.name, self.instance)
        return form


class SummaryInline(admin.TabularInline):
    """A read-only table of children that are edited on their own change pages."""

    formset = SummaryFormSet
    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """A paginator that, on PostgreSQL, reads an unfiltered table's size from the planner's statistics.

    COUNT(*) over a million rows is a full scan on every changelist page; ``pg_class.reltuples`` is
    what ANALYZE last measured, exact enough for "page 3 of 40,000". Filtered lists, small tables and
    tables never analysed (reltuples < 0) are counted for real.
    """

    ESTIMATE_ABOVE = 10_000
    IDS_FIRST_FROM = 1_000  # offsets from which a page reads its ids first (see page_items)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.page_items(bottom, top), number, self)

    def page_items(self, bottom: int, top: int):
        """The rows of one page; deep pages find their ids first, then join only those rows.

        ``OFFSET n`` makes the database build and throw away n whole rows, with the joins a
        changelist selects (page, issue, publication) and its count subqueries: the deeper the
        page, the slower. Skipping n ids walks one index instead; the page's rows are then read
        by id, in the same order (changelists always end their ordering with the primary key).
        """
        rows = self.object_list
        query = getattr(rows, "query", None)
        if bottom < self.IDS_FIRST_FROM or query is None or query.combinator or query.is_sliced:
            return rows[bottom:top]
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        return rows.filter(pk__in=ids)

    @cached_property
    def count(self):
        estimate = self.estimated_count()
        if estimate is not None:
            return estimate
        return super().count

    def estimated_count(self) -> int | None:
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct:
            return None
        estimate = estimated_rows(queryset.model, queryset.db)
        if estimate is None or estimate < self.ESTIMATE_ABOVE:
            return None
        return estimate


class LargeTableAdmin(admin.ModelAdmin):
    """Changelist settings for tables that grow with the archive: no second full COUNT, estimated counts.

    Subclasses also set an ``ordering`` that an index serves (the primary key, or an indexed column
    followed by the primary key), so a page of the list never sorts the whole table.
    """

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    ordering = ("-id",)
