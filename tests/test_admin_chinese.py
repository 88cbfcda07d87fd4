"""Everything an editor reads in the admin is Chinese: column headers, filter titles, choices, constraints."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse

from tests.test_admin import add_issues

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
MODELS = [model for model in admin.site._registry if model._meta.app_label in {"archive", "editorial"}]
OUR_MODELS = [m for m in apps.get_models() if m._meta.app_label in {"archive", "editorial"}]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_headers_and_filters_are_chinese_and_distinct(admin_client, model):
    add_issues(1)
    opts = model._meta
    cl = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).context["cl"]
    headers = [str(h["text"]) for h in result_headers(cl) if h["text"]]
    assert headers and all(CJK.search(h) for h in headers), headers
    titles = [str(spec.title) for spec in cl.filter_specs]
    assert len(titles) == len(set(titles)), titles
    assert all(CJK.search(t) for t in titles), titles
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            assert CJK.search(str(choice["display"])), (spec.title, choice["display"])


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_models_fields_choices_and_constraints_speak_chinese(model):
    assert CJK.search(str(model._meta.verbose_name)), model
    for field in model._meta.get_fields():
        if (
            not field.concrete
            or field.auto_created
            or field.name.startswith("history_")
            or field.name == "id"
        ):
            continue
        assert CJK.search(str(field.verbose_name)), f"{model.__name__}.{field.name}: {field.verbose_name}"
        for _, label in field.flatchoices:
            assert CJK.search(str(label)), f"{model.__name__}.{field.name}: {label}"
    for constraint in model._meta.constraints:
        message = constraint.get_violation_error_message()
        assert CJK.search(message) and constraint.name not in message, (model, constraint.name)


def test_permissions_are_named_in_chinese():
    from django.contrib.auth.models import Permission

    custom = Permission.objects.filter(
        codename__in=["publish_issue", "withdraw_issue", "send_issue_to_review"]
    )
    assert custom.count() == 3 and all(CJK.search(p.name) for p in custom)
