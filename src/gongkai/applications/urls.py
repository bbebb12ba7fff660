"""Back-office pages of this app, under /staff/applications/ (namespace ``applications``)."""

from django.urls import path

from gongkai.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("list/", views.application_list, name="list"),
    path("export.csv", views.application_export, name="export"),
    path("new/", views.application_create, name="create"),
    path("requested-by-several/", views.requests_by_several, name="several"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/publish/", views.application_publish, name="publish"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document"),
    path("<int:pk>/<slug:action>/", views.application_act, name="act"),
]
