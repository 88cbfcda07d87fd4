"""Public, read-only archive URLs."""

from django.urls import path

from . import views, views_tags

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article_detail, name="article"),
    path("contributor/<int:pk>/", views.contributor_detail, name="contributor"),
    path("tag/<str:slug>/", views_tags.tag_detail, name="tag"),
    path("entity/<str:kind>/<str:slug>/", views_tags.entity_detail, name="entity"),
    path("<slug:slug>/", views.publication_detail, name="publication"),
    path("<slug:slug>/<str:date>/", views.issue_detail, name="issue"),
    path("<slug:slug>/<str:date>/<str:page>/", views.page_detail, name="page"),
]
