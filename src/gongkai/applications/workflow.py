"""The handling of an application (条例第四十五条: 登记、审核、办理、答复、归档) as ONE table.

Every allowed (stage, action) pair is a row of :data:`TRANSITIONS` with the stage it leads to,
the permission it needs and whether a reason is required. Anything not in the table is refused
with a Chinese message (:class:`WorkflowError`). The services walk this table; the views ask it
which buttons to show; a test walks every pair.

* 待确认 → 确认收到 → 已接收: 条例第三十一条 — online, fax, e-mail and ordinary post: the receipt
  date is the day both sides confirm; the clock starts there, not at submission.
* 已接收 → 登记 → 已登记 → 分配承办人 → 办理中 → 提交审核 → 待审核 → 审核通过 → 待答复 → 答复 →
  已答复 → 送达 → 已送达 → 归档 → 已归档; 审核人 may send the draft back (reason required).
* Steps that keep the stage: 补正 (条例第三十条), 征求意见 (第三十二条、第三十四条), 延期
  (第三十三条第二款, approved by the 审核人 as head of the office), 收费通知 (国办函〔2020〕109号).
* Closing without a reply: no supplement by the set date → 其他处理-1 (第三十条); fee unpaid
  → 其他处理-2; both lead to 已答复 (the application is 办结) and may be archived directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import Perm
from gongkai.applications.models import Stage


class Action(models.TextChoices):
    CONFIRM = "confirm", _("确认收到申请")
    DISCARD = "discard", _("作废（非政府信息公开申请或无效提交）")
    REGISTER = "register", _("登记")
    ASSIGN = "assign", _("分配承办人")
    REQUEST_SUPPLEMENT = "request_supplement", _("发出补正告知")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("收到补正材料")
    LAPSE_SUPPLEMENT = "lapse_supplement", _("逾期未补正，终止处理")
    START_CONSULTATION = "start_consultation", _("征求意见")
    END_CONSULTATION = "end_consultation", _("收到意见")
    EXTEND = "extend", _("批准延期答复")
    NOTIFY_FEE = "notify_fee", _("发出收费通知")
    RECORD_PAYMENT = "record_payment", _("登记缴费")
    LAPSE_FEE = "lapse_fee", _("逾期未缴费，终止处理")
    SUBMIT_DRAFT = "submit_draft", _("提交答复稿审核")
    APPROVE = "approve", _("审核通过")
    SEND_BACK = "send_back", _("退回修改")
    REPLY = "reply", _("答复")
    DELIVER = "deliver", _("登记送达")
    ARCHIVE = "archive", _("归档")
    ATTACH = "attach", _("添加文书或材料")


@dataclass(frozen=True)
class Transition:
    target: Stage | None  # None: the stage stays
    perm: Perm
    reason_required: bool = False


S = Stage
A = Action
REG = Perm.APPLICATION_REGISTER
HANDLE = Perm.APPLICATION_HANDLE
REVIEW = Perm.APPLICATION_REVIEW

#: (stage, action) → transition. Who acts: 登记员 (APPLICATION_REGISTER) receives, registers,
#: assigns and sends the 补正 notice before assignment; 承办人 (APPLICATION_HANDLE) handles,
#: drafts, replies, delivers and archives; 审核人 (APPLICATION_REVIEW) reviews the draft and
#: approves extensions (条例第三十三条第二款: 经政府信息公开工作机构负责人同意).
TRANSITIONS: dict[tuple[Stage, Action], Transition] = {
    (S.PENDING, A.CONFIRM): Transition(S.RECEIVED, REG),
    (S.PENDING, A.DISCARD): Transition(S.DISCARDED, REG, reason_required=True),
    (S.PENDING, A.ATTACH): Transition(None, REG),
    (S.RECEIVED, A.REGISTER): Transition(S.REGISTERED, REG),
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): Transition(None, REG, reason_required=True),
    (S.RECEIVED, A.RECEIVE_SUPPLEMENT): Transition(None, REG),
    (S.RECEIVED, A.LAPSE_SUPPLEMENT): Transition(S.REPLIED, REG),
    (S.RECEIVED, A.ATTACH): Transition(None, REG),
    (S.REGISTERED, A.ASSIGN): Transition(S.HANDLING, REG),
    (S.REGISTERED, A.REQUEST_SUPPLEMENT): Transition(None, REG, reason_required=True),
    (S.REGISTERED, A.RECEIVE_SUPPLEMENT): Transition(None, REG),
    (S.REGISTERED, A.LAPSE_SUPPLEMENT): Transition(S.REPLIED, REG),
    (S.REGISTERED, A.ATTACH): Transition(None, REG),
    (S.HANDLING, A.ASSIGN): Transition(S.HANDLING, REG),
    (S.HANDLING, A.REQUEST_SUPPLEMENT): Transition(None, HANDLE, reason_required=True),
    (S.HANDLING, A.RECEIVE_SUPPLEMENT): Transition(None, HANDLE),
    (S.HANDLING, A.LAPSE_SUPPLEMENT): Transition(S.REPLIED, HANDLE),
    (S.HANDLING, A.START_CONSULTATION): Transition(None, HANDLE),
    (S.HANDLING, A.END_CONSULTATION): Transition(None, HANDLE),
    (S.HANDLING, A.EXTEND): Transition(None, REVIEW, reason_required=True),
    (S.HANDLING, A.NOTIFY_FEE): Transition(None, HANDLE),
    (S.HANDLING, A.RECORD_PAYMENT): Transition(None, HANDLE),
    (S.HANDLING, A.LAPSE_FEE): Transition(S.REPLIED, HANDLE),
    (S.HANDLING, A.SUBMIT_DRAFT): Transition(S.REVIEW, HANDLE),
    (S.HANDLING, A.ATTACH): Transition(None, HANDLE),
    (S.REVIEW, A.APPROVE): Transition(S.APPROVED, REVIEW),
    (S.REVIEW, A.SEND_BACK): Transition(S.HANDLING, REVIEW, reason_required=True),
    (S.REVIEW, A.EXTEND): Transition(None, REVIEW, reason_required=True),
    (S.APPROVED, A.REPLY): Transition(S.REPLIED, HANDLE),
    (S.APPROVED, A.EXTEND): Transition(None, REVIEW, reason_required=True),
    (S.APPROVED, A.ATTACH): Transition(None, HANDLE),
    (S.REPLIED, A.DELIVER): Transition(S.DELIVERED, HANDLE),
    (S.REPLIED, A.ARCHIVE): Transition(S.ARCHIVED, HANDLE),
    (S.REPLIED, A.ATTACH): Transition(None, HANDLE),
    (S.DELIVERED, A.ARCHIVE): Transition(S.ARCHIVED, HANDLE),
    (S.DELIVERED, A.ATTACH): Transition(None, HANDLE),
}


class WorkflowError(ValidationError):
    """An action that the table does not allow in the application's stage."""

    def __init__(self, stage: str, action: str, detail: str = "") -> None:
        self.stage = stage
        self.action = action
        try:
            stage_label, action_label = Stage(stage).label, Action(action).label
        except ValueError:
            stage_label, action_label = stage, action
        message = gettext("申请当前处于“%(stage)s”阶段，不能执行“%(action)s”。") % {
            "stage": stage_label,
            "action": action_label,
        }
        super().__init__(message + (detail or ""), code="workflow")


def transition(stage: str, action: str) -> Transition:
    """The row for (stage, action), or :class:`WorkflowError`."""
    try:
        return TRANSITIONS[(Stage(stage), Action(action))]
    except (KeyError, ValueError) as exc:
        raise WorkflowError(stage, action) from exc


def allowed_actions(stage: str) -> list[Action]:
    return [action for (state, action) in TRANSITIONS if state == stage]
