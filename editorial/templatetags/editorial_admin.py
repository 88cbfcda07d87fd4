"""Template filters for the newsroom admin's own templates."""

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.filter
def field_label(name: str, record) -> str:
    """A history record's changed field as editors know it (版名), not its code name (name)."""
    try:
        return str(record.instance_type._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return name
