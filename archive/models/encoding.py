"""JSON as the database stores it: Chinese as UTF-8 characters, never ``\\uXXXX`` escapes.

Django's JSONField serialises with ``ensure_ascii=True``, which on SQLite (where JSON is text)
stores every CJK character as six ASCII bytes instead of three UTF-8 bytes and makes the raw
column unreadable. PostgreSQL's jsonb decodes escapes anyway, so this changes nothing there.
"""

from django.core.serializers.json import DjangoJSONEncoder


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder that writes non-ASCII characters as themselves."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
