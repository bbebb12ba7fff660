"""The publishing workflow (条例第十七条: 政府信息公开审查机制) as data.

Every allowed (state, action) pair is a row of :data:`TRANSITIONS` with the state it leads
to, the permission it needs and whether a reason is required. Anything not in the table is
refused. The services walk this table; the views ask it which buttons to show; a test walks
every pair.

* 草稿 → 提交保密审查 → 审核人审查通过（发布，发布日期）或退回（附理由）→ 已发布 → 撤回（附理由）.
* A published record is changed in place, as a recorded change (who, when, which fields, old
  and new values, a change note): see docs/catalogue.md, "Changes after publication".
* A withdrawn record stays in the database, off the public site; it can be reopened as a
  draft, which goes through the review again and keeps its 索引号.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import Perm
from gongkai.catalogue.models import RecordStatus


class Action(models.TextChoices):
    EDIT = "edit", _("修改")
    SUBMIT = "submit", _("提交保密审查")
    APPROVE = "approve", _("审查通过并发布")
    RETURN = "return", _("退回修改")
    CHANGE = "change", _("发布后变更")
    WITHDRAW = "withdraw", _("撤回")
    REOPEN = "reopen", _("重新编辑")
    DELETE = "delete", _("删除草稿")


@dataclass(frozen=True)
class Transition:
    target: RecordStatus
    perm: Perm
    reason_required: bool = False


S = RecordStatus

#: (state, action) → transition. 条例第十七条: review before publication (审核人 holds
#: RECORD_REVIEW); the 信息发布员 (RECORD_PUBLISH) answers for changes to and withdrawal of
#: what is public; drafting is RECORD_EDIT (发布员, 承办人).
TRANSITIONS: dict[tuple[RecordStatus, Action], Transition] = {
    (S.DRAFT, Action.EDIT): Transition(S.DRAFT, Perm.RECORD_EDIT),
    (S.DRAFT, Action.SUBMIT): Transition(S.REVIEW, Perm.RECORD_EDIT),
    (S.DRAFT, Action.DELETE): Transition(S.DRAFT, Perm.RECORD_EDIT),
    (S.REVIEW, Action.APPROVE): Transition(S.PUBLISHED, Perm.RECORD_REVIEW),
    (S.REVIEW, Action.RETURN): Transition(S.DRAFT, Perm.RECORD_REVIEW, reason_required=True),
    (S.PUBLISHED, Action.CHANGE): Transition(
        S.PUBLISHED, Perm.RECORD_PUBLISH, reason_required=True
    ),
    (S.PUBLISHED, Action.WITHDRAW): Transition(
        S.WITHDRAWN, Perm.RECORD_PUBLISH, reason_required=True
    ),
    (S.WITHDRAWN, Action.REOPEN): Transition(S.DRAFT, Perm.RECORD_PUBLISH),
}

#: Actions that edit the record's content (the edit form, attachments, relations) by state.
CONTENT_ACTIONS: dict[RecordStatus, Action] = {
    S.DRAFT: Action.EDIT,
    S.PUBLISHED: Action.CHANGE,
}


class WorkflowError(ValidationError):
    """An action that the table does not allow in the record's state."""

    def __init__(self, status: str, action: str) -> None:
        self.status = status
        self.action = action
        try:
            status_label, action_label = RecordStatus(status).label, Action(action).label
        except ValueError:
            status_label, action_label = status, action
        super().__init__(
            gettext("当前状态（%(status)s）下不能执行“%(action)s”。")
            % {"status": status_label, "action": action_label},
            code="workflow",
        )


def transition(status: str, action: str) -> Transition:
    """The row for (status, action), or :class:`WorkflowError`."""
    try:
        return TRANSITIONS[(RecordStatus(status), Action(action))]
    except (KeyError, ValueError) as exc:
        raise WorkflowError(status, action) from exc


def allowed_actions(status: str) -> list[Action]:
    return [action for (state, action) in TRANSITIONS if state == status]


def content_action(status: str) -> Action | None:
    """The action that covers editing content in ``status`` (None: content is frozen)."""
    return CONTENT_ACTIONS.get(RecordStatus(status))
