"""Give every flag already stored on an article its row, unresolved, so existing issues enter the queue."""

from django.db import migrations


def create_rows(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    ArticleFlag = apps.get_model("editorial", "ArticleFlag")
    rows = []
    for article_id, flags in Article.objects.exclude(flags=[]).values_list("pk", "flags").iterator():
        for position, flag in enumerate(flags or []):
            rows.append(
                ArticleFlag(
                    article_id=article_id,
                    position=position,
                    kind=str(flag.get("kind", "")),
                    text=str(flag.get("text", "")),
                )
            )
        if len(rows) >= 1000:
            ArticleFlag.objects.bulk_create(rows)
            rows = []
    ArticleFlag.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_review_imports_flags"), ("archive", "0010_review_drop_marker_links")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
