"""Everything that changes an appeal case. Each service writes its audit row in the same
transaction (STYLE.md, example 8)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.appeals.models import (
    AppealCase,
    AppealDocument,
    AppealStage,
    CaseKind,
    CorrectionKind,
    OtherResultKind,
    Result,
    StageKind,
)
from gongkai.core.audit import audit_record
from gongkai.core.uploads import KINDS, validate_upload

DOCUMENT_KINDS = frozenset({"pdf", "docx", "png", "jpeg"})
Actor = Any


@dataclass(frozen=True)
class CaseData:
    kind: str
    body: str
    filed_on: date
    case_number: str = ""
    applicant: str = ""
    subject: str = ""
    application_ref: str = ""
    reconsideration: AppealCase | None = None
    decided_on: date | None = None
    result: str = ""
    correction_kind: str = ""
    other_kind: str = ""
    notes: str = ""


def _clean(agency: Agency, data: CaseData, instance: AppealCase | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.kind not in CaseKind.values:
        err("kind", _("未知的案件类型。"))
    if not data.body.strip():
        err("body", _("请填写复议机关或人民法院。"))
    if data.result and data.result not in Result.values:
        err("result", _("未知的结果。"))
    if data.result and data.decided_on is None:
        err("decided_on", _("已有结果的案件须填写审结日期。"))
    if data.decided_on is not None and not data.result:
        err("result", _("填写了审结日期的，须选择结果；尚未审结的请留空审结日期。"))
    if data.decided_on is not None and data.decided_on < data.filed_on:
        err("decided_on", _("审结日期不能早于申请或起诉日期。"))
    correction = data.correction_kind if data.result == Result.CORRECTED else ""
    other = data.other_kind if data.result == Result.OTHER else ""
    if correction and correction not in CorrectionKind.values:
        err("correction_kind", _("未知的纠正方式。"))
    if other and other not in OtherResultKind.values:
        err("other_kind", _("未知的其他结果。"))
    reconsideration = data.reconsideration if data.kind == CaseKind.LITIGATION_AFTER else None
    if data.kind == CaseKind.LITIGATION_AFTER and reconsideration is None:
        err("reconsideration", _("复议后起诉的，请选择此前的行政复议案件。"))
    if reconsideration is not None:
        if (
            reconsideration.agency_id != agency.pk
            or reconsideration.kind != CaseKind.RECONSIDERATION
        ):
            err("reconsideration", _("只能选择本机关的行政复议案件。"))
        elif instance is not None and reconsideration.pk == instance.pk:
            err("reconsideration", _("不能选择本案件。"))
        elif reconsideration.filed_on > data.filed_on:
            err("reconsideration", _("行政复议不能晚于起诉。"))
    application = None
    ref = data.application_ref.strip()
    if ref:
        from gongkai.applications.models import Application

        application = Application.objects.filter(agency=agency, tracking_no__iexact=ref).first()
    if errors:
        raise ValidationError(errors)
    return {
        "application": application,
        "kind": data.kind,
        "body": data.body.strip(),
        "filed_on": data.filed_on,
        "case_number": data.case_number.strip(),
        "applicant": data.applicant.strip(),
        "subject": data.subject.strip(),
        "application_ref": data.application_ref.strip(),
        "reconsideration": reconsideration,
        "decided_on": data.decided_on if data.result else None,
        "result": data.result,
        "correction_kind": correction,
        "other_kind": other,
        "notes": data.notes.strip(),
    }


def _details(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


@transaction.atomic
def case_create(*, actor: Actor, agency: Agency, data: CaseData) -> AppealCase:
    values = _clean(agency, data)
    user = actor if actor is not None and actor.is_authenticated else None
    case = AppealCase.objects.create(agency=agency, created_by=user, **values)
    AppealStage.objects.create(case=case, kind=StageKind.FILED, on=case.filed_on)
    if case.decided_on is not None:
        AppealStage.objects.create(case=case, kind=StageKind.DECIDED, on=case.decided_on)
    audit_record(
        actor=actor, action="appeal.create", obj=case, agency=agency, details=_details(values)
    )
    return case


@transaction.atomic
def case_update(*, actor: Actor, case: AppealCase, data: CaseData) -> AppealCase:
    locked = AppealCase.objects.select_for_update().get(pk=case.pk)
    values = _clean(locked.agency, data, instance=locked)
    before = {k: getattr(locked, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    if not changed:
        return locked
    decided_before = locked.decided_on
    for key, value in changed.items():
        setattr(locked, key, value)
    locked.save(update_fields=[*changed, "updated_at"])
    if locked.decided_on is not None and locked.decided_on != decided_before:
        AppealStage.objects.create(case=locked, kind=StageKind.DECIDED, on=locked.decided_on)
    audit_record(
        actor=actor,
        action="appeal.update",
        obj=locked,
        agency=locked.agency,
        details={"changed": _details(changed), "before": _details({k: before[k] for k in changed})},
    )
    return locked


@transaction.atomic
def stage_add(
    *, actor: Actor, case: AppealCase, kind: str, on: date, note: str = ""
) -> AppealStage:
    if kind not in StageKind.values:
        raise ValidationError({"kind": [_("未知的阶段。")]})
    if on < case.filed_on:
        raise ValidationError({"on": [_("阶段日期不能早于申请或起诉日期。")]})
    stage = AppealStage.objects.create(case=case, kind=kind, on=on, note=note.strip())
    audit_record(
        actor=actor,
        action="appeal.stage",
        obj=case,
        agency=case.agency,
        details={"stage": kind, "on": on.isoformat(), "note": stage.note},
    )
    return stage


_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


@transaction.atomic
def document_add(*, actor: Actor, case: AppealCase, title: str, upload: Any) -> AppealDocument:
    """Check ``upload`` by content (PDF, DOCX or an image) and keep it with the case."""
    kind = validate_upload(
        upload, kinds=DOCUMENT_KINDS, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES
    )
    upload.seek(0)
    data = upload.read()
    info = KINDS[kind]
    title = title.strip() or _("案件文书")
    name = _UNSAFE.sub("_", title)[:150] + info.suffix
    user = actor if actor is not None and actor.is_authenticated else None
    document = AppealDocument(
        case=case,
        title=title,
        name=name,
        content_type=info.content_type,
        size=len(data),
        uploaded_by=user,
    )
    document.file.save(f"document{info.suffix}", ContentFile(data), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="appeal.document",
        obj=case,
        agency=case.agency,
        details={"document": document.pk, "title": title, "size": len(data), "kind": kind},
    )
    return document


ACTION_LABELS = {
    "appeal.create": "登记行政复议或行政诉讼案件",
    "appeal.update": "修改行政复议或行政诉讼案件",
    "appeal.stage": "记录案件阶段",
    "appeal.document": "上传案件文书",
}

__all__ = ["CaseData", "case_create", "case_update", "document_add", "stage_add"]
