"""Back-office pages of this app, under /staff/applications/ (namespace ``applications``)."""

from django.urls import path  # noqa: F401

app_name = "applications"
urlpatterns: list = []
