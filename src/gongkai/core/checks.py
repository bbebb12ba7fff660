"""The platform's own deployment checks (run by ``gongkai selfcheck`` with Django's).

* ``gongkai.W001``: the development SECRET_KEY is in use.
* ``gongkai.E001``: an account still has the documented demo password (``gongkai demo``'s
  accounts, or any platform administrator).
* ``gongkai.W002``: the database is not reachable or not migrated (the E001 check could not run).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError

#: At most this many accounts are tried against the demo password (each check costs a hash).
MAX_ACCOUNTS_TRIED = 50


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "USING_DEV_SECRET_KEY", False):
        return [
            Warning(
                "正在使用开发用 SECRET_KEY。",
                hint="运行 gongkai secretkey var/secret_key（make run 会自动运行），"
                "或设置 SECRET_KEY / SECRET_KEY_FILE 环境变量。",
                id="gongkai.W001",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def check_demo_passwords(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    if not databases:
        return []
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from gongkai.demo import ADMIN_USERNAME, DEMO_PASSWORD, STAFF

    names = [ADMIN_USERNAME, *(row[0] for row in STAFF)]
    try:
        accounts = list(
            get_user_model()
            .objects.filter(Q(username__in=names) | Q(is_superuser=True), is_active=True)
            .order_by("pk")[:MAX_ACCOUNTS_TRIED]
        )
    except DatabaseError as exc:
        return [
            Warning(
                f"无法读取账号表，未能检查演示密码：{exc}",
                hint="先运行 gongkai migrate。",
                id="gongkai.W002",
            )
        ]
    exposed = [user.get_username() for user in accounts if user.check_password(DEMO_PASSWORD)]
    if exposed:
        return [
            Error(
                f"以下账号仍在使用公开的演示密码：{'、'.join(exposed)}。",
                hint="在管理后台修改这些账号的密码或停用它们（gongkai changepassword 账号）。"
                "生产环境不应有演示数据。",
                id="gongkai.E001",
            )
        ]
    return []
