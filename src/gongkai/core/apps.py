from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    default = True  # (this module holds other apps' configs too)
    name = "gongkai.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from gongkai.core import checks  # noqa: F401 - registers the deployment checks


# Chinese names, in the Django admin, for the apps the platform takes from others (their labels,
# models and migrations stay theirs).


class LockoutConfig(AxesAppConfig):
    verbose_name = "登录锁定"


class TwoFactorDevicesConfig(TOTPAppConfig):
    verbose_name = "双因素认证"


class TaskResultsConfig(TasksAppConfig):
    verbose_name = "后台任务"
