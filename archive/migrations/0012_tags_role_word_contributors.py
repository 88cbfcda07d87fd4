"""Before the constraint that a contributor is never a role word: rename any such row so editors can fix it.

Nothing is deleted: a contributor stored as 记者 keeps its bylines and becomes “记者（身份词，待合并）”,
which the admin's merge action can then fold into the right person.
"""

from django.db import migrations

# Frozen copy of archive.text.names.ROLE_WORDS when the constraint was added (0003).
ROLE_WORDS = (
    "记者", "本报记者", "见习记者", "特约记者", "首席记者", "通讯员", "本报通讯员", "实习生", "作者", "编者",
    "编辑", "责任编辑", "本版编辑", "责编", "校对", "美编", "摄影", "摄", "本报", "本报讯", "本台",
    "新华社记者", "特约通讯员",
)  # fmt: skip
SUFFIX = "（身份词，待合并）"


def rename_role_words(apps, schema_editor):
    Contributor = apps.get_model("archive", "Contributor")
    for contributor in Contributor.objects.filter(name__in=ROLE_WORDS):
        contributor.name = f"{contributor.name}{SUFFIX}"
        contributor.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_history_marker_links_moved")]

    operations = [migrations.RunPython(rename_role_words, migrations.RunPython.noop)]
