"""URL configuration: public portal at /, back office at /staff/, Django admin at /admin/.

``/healthz`` is answered by ``gongkai.core.middleware.HealthCheckMiddleware``; favicon.ico by
WhiteNoise (``WHITENOISE_ROOT``). Error pages: ``gongkai.core.errors``.
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.calendars.urls")),
    path("staff/catalogue/", include("gongkai.catalogue.urls")),
    path("staff/applications/", include("gongkai.applications.letters_urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("reports/", include("gongkai.reports.public_urls")),
    path("staff/", include("gongkai.agencies.urls")),
    path("", include("gongkai.applications.public_urls")),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"
