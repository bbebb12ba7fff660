"""URL configuration: public portal at /, back office at /staff/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.calendars.urls")),
    path("staff/catalogue/", include("gongkai.catalogue.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("staff/", include("gongkai.agencies.urls")),
    path("", include("gongkai.portal.urls")),
]
