"""Back-office pages of this app, under /staff/appeals/ (namespace ``appeals``)."""

from django.urls import path  # noqa: F401

app_name = "appeals"
urlpatterns: list = []
