"""Keep continuation links consistent when an article they point at is deleted."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Article, ContinuationMarker


@receiver(pre_delete, sender=Article, dispatch_uid="archive_unlink_markers_to_deleted_article")
def unlink_markers_to_deleted_article(sender, instance, using, **kwargs):
    """Clear link and status in one statement; SET_NULL alone would break marker_link_status_matches_link."""
    ContinuationMarker.objects.using(using).filter(linked_article=instance).update(
        linked_article=None, link_status=ContinuationMarker.LinkStatus.NONE
    )
