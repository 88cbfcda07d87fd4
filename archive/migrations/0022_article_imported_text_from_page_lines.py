"""Article.imported_text becomes a property over the column, which may now be left empty.

Only the model changes: the field is renamed ``stored_imported_text`` and keeps its column
(``imported_text``), so no row is touched. Existing rows keep their stored text, which the property
returns as before; new imports leave it empty when the page's own lines give the text back exactly
(the ranges are in ``imported_snapshot["lines"]``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0021_fix_importer_json_utf8"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(
                    model_name="article", old_name="imported_text", new_name="stored_imported_text"
                ),
                migrations.AlterField(
                    model_name="article",
                    name="stored_imported_text",
                    field=models.TextField(
                        blank=True,
                        db_column="imported_text",
                        help_text="本文在导入文件中的原始文字；为空时从版面原文中导入记下的那几行读出。",
                        verbose_name="导入原文",
                    ),
                ),
            ],
        ),
    ]
