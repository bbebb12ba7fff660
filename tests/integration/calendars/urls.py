"""The platform's URLs plus the calculator under /staff/calendar/ (as it will be included)."""

from django.urls import include, path

from gongkai.config.urls import urlpatterns as platform_urlpatterns

urlpatterns = [
    path("staff/calendar/", include("gongkai.calendars.urls")),
    *platform_urlpatterns,
]
