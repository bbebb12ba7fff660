from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    label = "agencies"
    verbose_name = "行政机关"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from gongkai.agencies import admin, auth_audit, middleware

        admin.secure_admin_site()
        auth_audit.connect()
        user_logged_in.connect(
            middleware.start_staff_session, dispatch_uid="gongkai.staff_session_start"
        )
