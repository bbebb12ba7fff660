"""Back-office pages of this app, under /staff/reports/ (namespace ``reports``)."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []
