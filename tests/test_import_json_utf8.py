"""Rows stored before the UTF-8 encoder are rewritten by the data migration (SQLite), keeping their value."""

import datetime as dt
import importlib
import json
from types import SimpleNamespace

import pytest
from django.db import connection

from archive.models import Issue, Page, Publication

migration = importlib.import_module("archive.migrations.0021_fix_importer_json_utf8")


@pytest.mark.django_db
def test_escaped_json_is_rewritten_as_utf8_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("jsonb has no escapes to rewrite")
    issue = Issue.objects.create(
        publication=Publication.objects.create(name="某某报", slug="moumou"), date=dt.date(2026, 4, 27)
    )
    page = Page.objects.create(issue=issue, number=1)
    credits = [{"role": "责任编辑", "name": "李莹"}]
    escaped = json.dumps(credits)  # what Django's default encoder wrote
    assert "\\u" in escaped
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_page SET credits = %s WHERE id = %s", [escaped, page.pk])
    migration.rewrite(None, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT credits FROM archive_page WHERE id = %s", [page.pk])
        raw = cursor.fetchone()[0]
    assert "责任编辑" in raw and "\\u" not in raw
    page.refresh_from_db()
    assert page.credits == credits
