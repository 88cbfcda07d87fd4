"""Copy each pair of linked markers into one ContinuationLink row before the marker columns go.

A link used to be two marker rows pointing at each other's articles. For each jump with a link,
the partner is the back line on the linked article that points back at the jump's article (the
first such one, in print order); a half-link without a matching partner cannot become a pair and
is dropped, which leaves both markers unlinked for the linker to propose again.
"""

from django.db import migrations


def copy_links(apps, schema_editor):
    Marker = apps.get_model("archive", "ContinuationMarker")
    Link = apps.get_model("archive", "ContinuationLink")
    jumps = Marker.objects.filter(kind="jump").exclude(link_status="").exclude(linked_article=None)
    taken_backs, taken_jumps = set(), set()
    rows = []
    for jump in jumps.order_by("pk").iterator():
        back = (
            Marker.objects.filter(
                kind="back", article_id=jump.linked_article_id, linked_article_id=jump.article_id
            )
            .exclude(pk__in=taken_backs)
            .order_by("order", "pk")
            .first()
        )
        if back is None:
            continue
        active = jump.link_status != "rejected"
        if active and (jump.pk in taken_jumps or back.pk in taken_backs):
            continue
        if active:
            taken_jumps.add(jump.pk)
            taken_backs.add(back.pk)
        rows.append(Link(jump_id=jump.pk, back_id=back.pk, status=jump.link_status))
    Link.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    Marker = apps.get_model("archive", "ContinuationMarker")
    Link = apps.get_model("archive", "ContinuationLink")
    for link in Link.objects.select_related("jump", "back").iterator():
        Marker.objects.filter(pk=link.jump_id).update(
            linked_article_id=link.back.article_id, link_status=link.status
        )
        Marker.objects.filter(pk=link.back_id).update(
            linked_article_id=link.jump.article_id, link_status=link.status
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_review_continuationlink")]

    operations = [migrations.RunPython(copy_links, copy_back)]
