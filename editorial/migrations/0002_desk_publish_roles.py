"""Create the newsroom's roles (编辑, 校对, 值班主任, 只读) from the table in editorial/roles.py.

Permissions are normally created after all migrations ran; they are created here first so a fresh
database gets its groups filled. Codenames of models that do not exist yet are skipped; the
post_migrate hook and `manage.py sync_roles` apply the same table again later.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from editorial.roles import sync_roles

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from editorial.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_desk_publish_events"),
        ("archive", "0004_desk_publish_drop_article_status"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
