"""Back-office pages of this app, under /staff/catalogue/ (namespace ``catalogue``)."""

from django.urls import path  # noqa: F401

app_name = "catalogue"
urlpatterns: list = []
