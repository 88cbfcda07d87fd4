"""Keep the index current for single saves; bulk writers call index.reindex_articles themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from archive.models import Article, SearchEntry

from .documents import HEAD_FIELDS
from .index import forget_entry, reindex_articles

SEARCHED_FIELDS = {*HEAD_FIELDS, "body"}


@receiver(post_save, sender=Article, dispatch_uid="search_reindex_saved_article")
def reindex_saved_article(sender, instance, using, raw=False, **kwargs):
    """Same transaction as the save: an import, a correction or a restore is searchable when it commits.

    A save that names only fields search does not read (a status change, say) leaves the index alone.
    """
    update_fields = kwargs.get("update_fields")
    if raw or (update_fields is not None and not set(update_fields) & SEARCHED_FIELDS):
        return
    reindex_articles([instance.pk], using=using)


@receiver(post_delete, sender=SearchEntry, dispatch_uid="search_forget_deleted_entry")
def forget_deleted_entry(sender, instance, using, **kwargs):
    """An article deleted (alone or with its issue) takes its grams out of the SQLite FTS table."""
    forget_entry(instance, using=using)
