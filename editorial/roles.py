"""The newsroom's roles: one table from role (a Django group) to the permissions it grants.

The data migration, the post_migrate hook and `manage.py sync_roles` all apply this table, so a
permission added by a later model (tags, corrections, ...) only needs a line here. Codenames that do
not exist yet are skipped and reported, and applying the table again is harmless.
"""

from __future__ import annotations

EDITOR, PROOFREADER, CHIEF, READER = "编辑", "校对", "值班主任", "只读"

# Everything the newsroom may look at, including the review records, errata and tags.
VIEW = [
    "archive.view_publication",
    "archive.view_issue",
    "archive.view_page",
    "archive.view_article",
    "archive.view_contributor",
    "archive.view_contributoralias",
    "archive.view_byline",
    "archive.view_continuationmarker",
    "archive.view_continuationlink",
    "archive.view_correction",
    "archive.view_tag",
    "archive.view_tagalias",
    "archive.view_articletag",
    "editorial.view_publicationevent",
    "editorial.view_importrecord",
    "editorial.view_articleflag",
]

# Transcription fixes only: the article's text and headline group (its position, credits and markers
# stay read-only, see ArticleAdmin), undoing or keeping the importer's repairs and checking its flags.
PROOFREAD = [
    "archive.change_article",
    "editorial.review_repairs",
    "editorial.resolve_articleflag",
]

# Editors' daily work: text, headline groups, bylines, tags, links and page names; importing pages,
# proposing errata, sending to review.
EDIT = [
    "archive.add_article",
    "archive.change_article",
    "archive.delete_article",
    "archive.change_page",
    "archive.add_contributor",
    "archive.change_contributor",
    "archive.add_byline",
    "archive.change_byline",
    "archive.delete_byline",
    "archive.add_continuationmarker",
    "archive.change_continuationmarker",
    "archive.delete_continuationmarker",
    "archive.decide_continuationlink",
    "archive.add_correction",
    "archive.change_correction",
    "archive.add_tag",
    "archive.change_tag",
    "archive.add_articletag",
    "archive.change_articletag",
    "archive.delete_articletag",
    "archive.send_issue_to_review",
    "editorial.import_pages",
    "editorial.review_repairs",
    "editorial.resolve_articleflag",
]

# The duty chief: everything an editor does, plus what changes what readers see (errata included).
CHIEF_ONLY = [
    "archive.change_issue",
    "archive.publish_issue",
    "archive.withdraw_issue",
    "archive.override_publication_gate",
    "archive.approve_correction",
]

ROLES: dict[str, list[str]] = {
    READER: VIEW,
    PROOFREADER: VIEW + PROOFREAD,
    EDITOR: VIEW + EDIT,
    CHIEF: VIEW + EDIT + CHIEF_ONLY,
}


def sync_roles(apps=None) -> list[str]:
    """Create the role groups and set each one's permissions to exactly the table's; return missing codenames.

    ``apps`` is the historical registry inside a migration, the live one otherwise.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {name for names in ROLES.values() for name in names}
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in={name.split(".")[0] for name in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for role, names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([found[name] for name in names if name in found])
    return sorted(wanted - set(found))


def role_of(user) -> str | None:
    """The user's newsroom role, for messages; None for a superuser or someone without one."""
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in ROLES if role in names), None)


def make_staff(username: str, role: str, password: str):
    """Create or update a staff account in exactly one role; the role table gives it its permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if role not in ROLES:
        raise ValueError(f"未知角色“{role}”，可选：{'、'.join(ROLES)}")
    sync_roles()
    user, created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=list(ROLES)).exclude(name=role))
    user.groups.add(Group.objects.get(name=role))
    return user, created
