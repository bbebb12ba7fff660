"""Public pages of this app: the online form and the status page (namespace
``applications_public``), mounted at the site root by ``gongkai.config.urls``."""

from django.urls import path

from . import public_views

app_name = "applications_public"
urlpatterns = [
    path("apply/<str:code>/", public_views.apply, name="apply"),
    path("apply/<str:code>/done/", public_views.apply_done, name="apply_done"),
    path("apply/<str:code>/suggest/", public_views.apply_suggest, name="apply_suggest"),
    path("track/", public_views.track, name="track"),
    path("track/status/", public_views.track_status, name="track_status"),
    path("track/documents/<int:pk>/", public_views.track_document, name="track_document"),
    path("track/end/", public_views.track_end, name="track_end"),
]
