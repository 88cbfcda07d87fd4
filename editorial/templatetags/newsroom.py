"""Template helpers for the newsroom's admin pages: kind labels and the work-queue table."""

from django import template

from ..labels import flag_label, repair_label
from ..queues import queue_table

register = template.Library()

register.filter("flag_label", flag_label)
register.filter("repair_label", repair_label)


@register.inclusion_tag("admin/editorial/_queues.html")
def work_queues():
    """The work queues across issues, for the admin index."""
    return queue_table()
