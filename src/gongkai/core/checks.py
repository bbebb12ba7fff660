"""The platform's own deployment checks (run by ``gongkai selfcheck`` with Django's).

* ``gongkai.W001``: the development SECRET_KEY is in use.
* ``gongkai.E001``: an account still has the documented demo password (``gongkai demo``'s
  accounts, or any platform administrator).
* ``gongkai.W002``: the database is not reachable or not migrated (the E001 check could not run).
* ``gongkai.E002``: ``GONGKAI_FIELD_KEYS`` is missing in production, or holds a value that is not a
  Fernet key (applicants' ID and telephone numbers would be encrypted with a key derived from
  ``SECRET_KEY``, or not at all).
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


@register(Tags.security, deploy=True)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from gongkai.core.fields import invalid_field_keys

    keys = list(getattr(settings, "GONGKAI_FIELD_KEYS", []) or [])
    bad = invalid_field_keys(keys)
    if bad:
        return [
            Error(
                f"GONGKAI_FIELD_KEYS 的第 {'、'.join(str(i) for i in bad)} 个密钥不是有效的 "
                "Fernet 密钥（32 字节的 URL 安全 Base64 编码，44 个字符）。",
                hint="用 gongkai rekey --new-key 生成新密钥；轮换密钥的步骤见 README“密钥轮换”。",
                id="gongkai.E002",
            )
        ]
    if getattr(settings, "PRODUCTION", False) and not keys:
        return [
            Error(
                "生产环境没有设置 GONGKAI_FIELD_KEYS：申请人的证件号码和联系电话将用由 "
                "SECRET_KEY 派生的密钥加密，更换 SECRET_KEY 后无法解密。",
                hint="用 gongkai rekey --new-key 生成密钥，设置 GONGKAI_FIELD_KEYS，"
                "与备份分开妥善保存。已有数据的站点把 gongkai rekey --derived-key 输出的密钥"
                "放在第二位，再运行 gongkai rekey，见 README“密钥轮换”。",
                id="gongkai.E002",
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
