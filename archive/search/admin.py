"""The admin changelist searches with the same engine as readers, over every article (not only published)."""

from django.contrib import messages
from django.db import connections

from .backends import tune_connection
from .engine import filter_matching
from .query import QueryError, parse_query


class SearchEngineAdminMixin:
    """Put first in an article ModelAdmin's bases; it still needs ``search_fields`` to show the box."""

    def get_search_results(self, request, queryset, search_term):
        if not (search_term or "").strip():
            return queryset, False
        try:
            query = parse_query(search_term)
        except QueryError as error:
            messages.warning(request, error.message)
            return queryset.none(), False
        tune_connection(connections[queryset.db])
        return filter_matching(queryset, query), False
