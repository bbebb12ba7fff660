"""The back office: /staff/ (namespace ``staff``)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from gongkai.agencies import account_views, audit_views, views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", account_views.StaffLogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="staff/password_change.html",
            success_url=reverse_lazy("staff:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="staff/password_change_done.html"),
        name="password_change_done",
    ),
    path("2fa/", account_views.two_factor, name="two_factor"),
    path("2fa/verify/", account_views.two_factor_verify, name="two_factor_verify"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
]
