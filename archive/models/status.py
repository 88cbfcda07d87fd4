"""Where an issue stands in the newsroom's workflow; readers see an issue and its articles only once published."""

from django.db import models


class Status(models.TextChoices):
    """An issue's place in the workflow: 已导入 → 审核中 → 已发布 → 已撤回 (and back to 审核中).

    Articles have no status of their own: an article is public exactly when its issue is published.
    """

    IMPORTED = "imported", "已导入"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
