"""Admin pages beyond the model admins: issue import, review page and its actions (under /admin/archive/issue/)."""

from django.contrib import admin
from django.urls import path

from . import review, uploads

app_name = "editorial_review"

urlpatterns = [
    path("import/", admin.site.admin_view(uploads.import_pages), name="import"),
    path("<int:issue_id>/review/", admin.site.admin_view(review.review), name="review"),
    path("<int:issue_id>/review/link/", admin.site.admin_view(review.link_action), name="link"),
    path("<int:issue_id>/review/links/", admin.site.admin_view(review.bulk_link_action), name="bulk_link"),
    path("<int:issue_id>/review/repair/", admin.site.admin_view(review.repair_action), name="repair"),
    path("<int:issue_id>/review/flag/", admin.site.admin_view(review.flag_action), name="flag"),
]
