"""Back-office pages of this app, under /staff/catalogue/ (namespace ``catalogue``)."""

from django.urls import path

from gongkai.catalogue import transfer_views, views

app_name = "catalogue"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("records/<int:pk>/relations/", views.relation_add, name="relation_add"),
    path("records/<int:pk>/<str:action>/", views.record_step, name="record_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("relations/<int:pk>/delete/", views.relation_delete, name="relation_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("categories/<int:pk>/setting/", views.category_setting, name="category_setting"),
    path("import/", transfer_views.record_import, name="record_import"),
    path("import/template.<str:fmt>", transfer_views.import_template, name="import_template"),
    path("export.<str:fmt>", transfer_views.record_export, name="record_export"),
]
