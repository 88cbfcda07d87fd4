"""The newsroom's JSON (import records, publication events) stored as UTF-8 like the archive's.

The encoder changes nothing in the schema; the data step rewrites rows written with ``\\u``
escapes, on SQLite only (PostgreSQL's jsonb keeps no escapes).
"""

from django.db import migrations, models

import archive.models.encoding
from archive.models.encoding import rewrite_escaped_json

COLUMNS = {
    "editorial_importrecord": ("files", "summary", "unmatched", "repairs", "flags"),
    "editorial_publicationevent": ("problems",),
}


def rewrite(apps, schema_editor):
    rewrite_escaped_json(schema_editor.connection, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_fix_admin_constraint_messages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importrecord",
            name="files",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                help_text='每个文件一项：[{"name": "01.txt", "page": "01", "sha256": "…", "encoding": "utf-8", "outcome": "imported"}]。',
                verbose_name="文件",
            ),
        ),
        migrations.AlterField(
            model_name="importrecord",
            name="flags",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                verbose_name="待核查",
            ),
        ),
        migrations.AlterField(
            model_name="importrecord",
            name="repairs",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                verbose_name="分栏修复",
            ),
        ),
        migrations.AlterField(
            model_name="importrecord",
            name="summary",
            field=models.JSONField(
                blank=True,
                default=dict,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                help_text="版数、文章、署名、修复、待核查等计数。",
                verbose_name="汇总",
            ),
        ),
        migrations.AlterField(
            model_name="importrecord",
            name="unmatched",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                help_text="导入后仍未找到另一部分的转版标记。",
                verbose_name="未关联转版",
            ),
        ),
        migrations.AlterField(
            model_name="publicationevent",
            name="problems",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=archive.models.encoding.UnicodeJSONEncoder,
                help_text="操作时发布检查列出的问题（中文）。",
                verbose_name="当时的检查结果",
            ),
        ),
        migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True),
    ]
