"""Public, read-only archive URLs."""

from django.urls import path

from . import views
from .search import views as search_views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article_detail, name="article"),
    path("contributor/<int:pk>/", views.contributor_detail, name="contributor"),
    path("search/", search_views.search_page, name="search"),
    path("api/v1/search/", search_views.search_api, name="search_api"),
    path("<slug:slug>/", views.publication_detail, name="publication"),
    path("<slug:slug>/<str:date>/", views.issue_detail, name="issue"),
    path("<slug:slug>/<str:date>/<str:page>/", views.page_detail, name="page"),
]
