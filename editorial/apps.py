from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The newsroom's workflow on top of the archive: review, corrections, linking."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "编辑部"
