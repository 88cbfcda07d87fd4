"""Root URL map: the newsroom admin and the public archive."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "报库 · 编辑部"
admin.site.site_title = "报库"
admin.site.index_title = "编辑工作台"

urlpatterns = [
    path("admin/archive/issue/", include("editorial.admin.urls")),  # import and review pages
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]
