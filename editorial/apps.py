from django.apps import AppConfig
from django.db.models.signals import post_migrate


def apply_roles(sender, using="default", **kwargs):
    """Re-apply the role table after every migrate, once the permissions of new models exist."""
    from .roles import sync_roles

    if using == "default":
        sync_roles()


class EditorialConfig(AppConfig):
    """The newsroom's workflow on top of the archive: review, corrections, linking."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "编辑部"

    def ready(self):
        # Connected for this app only: by then the permissions of every app before it in
        # INSTALLED_APPS exist (auth's own post_migrate handler created them).
        post_migrate.connect(apply_roles, sender=self, dispatch_uid="editorial_apply_roles")
