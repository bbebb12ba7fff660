"""The audit trail: every service that changes state calls :func:`audit_record` inside its
own ``transaction.atomic`` block, so the change and its record commit or roll back together
(STYLE.md, example 8).

"From where" comes from :mod:`gongkai.core.requestctx`: the client address and request id of
the current request, or ``cli:<account>`` for the ``gongkai`` command.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

from gongkai.core import requestctx
from gongkai.core.models import AuditEvent, AuditTrailIsAppendOnly

__all__ = ["ACTION_LABELS", "AuditEvent", "AuditTrailIsAppendOnly", "action_label", "audit_record"]

#: Chinese names of the actions, for the audit trail page and its export. An app adds its own
#: actions here (``ACTION_LABELS.update({...})`` in its ``AppConfig.ready``); an action without
#: a name is shown by its code.
ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录",
    "fields.rekey": "用新密钥重新加密个人信息",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.lockout": "登录锁定",
    "auth.two_factor": "双因素认证通过",
    "auth.two_factor_failed": "双因素认证失败",
    "two_factor.start": "开始设置双因素认证",
    "two_factor.confirm_failed": "双因素认证设置失败",
    "two_factor.enable": "启用双因素认证",
    "two_factor.disable": "停用双因素认证",
    "agency.create": "新建行政机关",
    "agency.update": "修改机关信息或指南",
    "agency.two_factor": "修改双因素认证要求",
    "membership.grant": "添加工作人员",
    "membership.set_roles": "修改工作人员角色",
    "membership.revoke": "移除工作人员",
    "user.create": "新建账号",
    "calendar.load": "导入节假日安排",
    "calendar.remove": "删除节假日安排",
    "audit.export": "导出操作记录",
    "admin.add": "管理后台新增",
    "admin.change": "管理后台修改",
    "admin.delete": "管理后台删除",
    "backup.create": "备份",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _storable(value: Any) -> Any:
    """``value`` with NUL characters replaced: PostgreSQL stores none in text or JSON, and a
    row about hostile input must not fail (U+FFFD marks where one was)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(str(key)): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    agency: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Must run inside the caller's transaction.

    ``obj`` fills ``object_type`` ("app_label.model") and ``object_id`` when given.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if actor is not None and actor.is_authenticated else None
    origin = requestctx.current()
    if user is not None:
        label = user.get_username()
    elif origin.channel == "cli":
        label = f"cli:{origin.os_user}" if origin.os_user else "cli"
    else:
        label = ""
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_storable(label[:150]),
        action=action,
        object_type=object_type,
        object_id=_storable(str(object_id)[:64]),
        agency=agency,
        details=_storable(details or {}),
        ip=origin.ip,
        request_id=origin.request_id,
    )
