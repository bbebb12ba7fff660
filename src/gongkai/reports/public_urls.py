"""Public pages of published annual reports (the portal's 公开年报 column), under /reports/
(namespace ``reports_public``)."""

from django.urls import path

from gongkai.reports import public_views

app_name = "reports_public"
urlpatterns = [
    path("<str:code>/<int:year>/", public_views.report, name="report"),
    path("<str:code>/<int:year>/report.<str:fmt>", public_views.download, name="download"),
]
