"""Where an issue or article stands in the newsroom's workflow."""

from django.db import models


class Status(models.TextChoices):
    """Where an issue or article stands in the newsroom's workflow."""

    IMPORTED = "imported", "已导入"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已发布"
