"""Staff pages of the letters and the redaction tool, under /staff/applications/ (namespace
``applications_letters``; included before the application pages by ``gongkai.config.urls``)."""

from django.urls import path

from . import letters_views

app_name = "applications_letters"
urlpatterns = [
    path("<int:pk>/letters/<slug:kind>/", letters_views.letter_issue, name="issue"),
    path("<int:pk>/redaction/documents/", letters_views.redaction_index, name="redaction"),
    path("<int:pk>/redaction/<int:doc_pk>/", letters_views.redaction_edit, name="redaction_edit"),
    path(
        "<int:pk>/redaction/<int:doc_pk>/pages/<int:page>/",
        letters_views.redaction_page,
        name="redaction_page",
    ),
]
