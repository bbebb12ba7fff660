"""The JSON API under /api/v1/ (namespace ``api``)."""

from django.urls import path

from gongkai.api import views

app_name = "api"
urlpatterns = [
    path("records", views.RecordList.as_view(), name="records"),
    path("openapi.json", views.OpenApi.as_view(), name="openapi"),
]
