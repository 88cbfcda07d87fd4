"""The read-only JSON API under /api/v1/: plain Django views, django-filter FilterSets, published only.

Plain views rather than Django REST framework: the API is read-only, five small resources with one
representation each; DRF would add a large dependency, its own settings, renderers and browsable HTML
pages to keep accessible and leak-tested, for no feature we need (no writes, auth, throttling or
content negotiation). django-filter (already a dependency) gives the validated filters.
"""
