"""URL configuration: public portal at /, back office at /staff/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.calendars.urls")),
    path("staff/", include("gongkai.agencies.urls")),
    path("", include("gongkai.portal.urls")),
]
