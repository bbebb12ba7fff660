"""Back-office pages of this app, under /staff/appeals/ (namespace ``appeals``)."""

from django.urls import path

from gongkai.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/stages/", views.stage_add, name="stage_add"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
