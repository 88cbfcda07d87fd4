"""Helpers every admin module shares: count columns without fan-out joins, listing detection, summary inlines."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


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


class SummaryInline(admin.TabularInline):
    """A read-only table of children that are edited on their own change pages."""

    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False
