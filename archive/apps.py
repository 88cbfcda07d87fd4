from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """The published record: papers, issues, pages, articles and their import."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = "档案"

    def ready(self):
        from . import vocabulary  # noqa: F401  (connects the receivers)
        from .search import signals as search_signals  # noqa: F401
