"""Staff pages of the working-day calendar (included under /staff/calendar/)."""

from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.calculator, name="calculator"),
]
