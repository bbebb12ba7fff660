"""Everything that changes an application (STYLE.md: services). Keyword-only, atomic, audited.

Each step checks the workflow table (:mod:`.workflow`) and, when an actor is given, the
permission the table names (through ``gongkai.agencies.permissions``); then it changes the row,
writes its timeline event, recomputes the cached due date from the events and writes the audit
row — all in one transaction. ``actor=None`` is the platform itself (the command line, demo
data, tasks).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as agency_permissions
from gongkai.agencies.models import Agency
from gongkai.applications import clocks
from gongkai.applications.identity import (
    ID_TYPES_FOR_ORGANISATION,
    ID_TYPES_FOR_PERSON,
    validate_id_number,
)
from gongkai.applications.models import (
    CONFIRMATION_CHANNELS,
    OPEN_STAGES,
    ApplicantKind,
    ApplicantType,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationItem,
    Channel,
    Consultation,
    ConsultationKind,
    DeliveryMethod,
    DocumentKind,
    DocumentSequence,
    EventKind,
    FeeMethod,
    FeeRecord,
    FormWanted,
    IdType,
    Stage,
    TrackingSequence,
    Waiting,
)
from gongkai.applications.outcomes import derive_outcome
from gongkai.applications.workflow import Action, transition
from gongkai.calendars.selectors import calendar_for_platform
from gongkai.core.audit import audit_record
from gongkai.core.fields import keyed_digest
from gongkai.core.validators import storable_line, storable_text

Actor = AbstractBaseUser | AnonymousUser | None

__all__ = [
    "ApplicationConflict",
    "application_approve",
    "application_archive",
    "application_assign",
    "application_confirm",
    "application_create",
    "application_deliver",
    "application_discard",
    "application_due_recompute",
    "application_due_recompute_all",
    "application_end_consultation",
    "application_extend",
    "application_lapse_fee",
    "application_lapse_supplement",
    "application_notify_fee",
    "application_publish_to_catalogue",
    "application_receive_supplement",
    "application_record_payment",
    "application_register",
    "application_reply",
    "application_request_supplement",
    "application_send_back",
    "application_start_consultation",
    "application_submit_draft",
    "attach_document",
    "check_query_code",
    "document_number_next",
    "submit_online_application",
]


class ApplicationConflict(ValidationError):
    """Someone else changed the application since the page was loaded (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(_("该申请已被他人处理，请刷新页面后重试。"), code="conflict")


# --- applicant data ------------------------------------------------------------------------

#: Fields an application is created with (``data`` keys of :func:`submit_online_application`).
DATA_FIELDS: tuple[str, ...] = (
    "applicant_kind",
    "applicant_type",
    "applicant_name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "form_wanted",
    "delivery_method",
)
_REQUIRED = ("applicant_kind", "applicant_type", "applicant_name", "id_type", "description")
_CHOICES: dict[str, Any] = {
    "applicant_kind": ApplicantKind,
    "applicant_type": ApplicantType,
    "id_type": IdType,
    "form_wanted": FormWanted,
    "delivery_method": DeliveryMethod,
}
_MAX_LENGTHS = {
    "applicant_name": 200,
    "contact_person": 100,
    "id_number": 40,
    "phone": 100,
    "email": 254,
    "address": 300,
    "postcode": 10,
    "description": 5000,
    "purpose": 2000,
}


def normalise_id_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def mask_id_number(value: str) -> str:
    """``110105********123X``-style: the first 6 and last 4 characters of long numbers."""
    value = normalise_id_number(value)
    if not value:
        return ""
    if len(value) <= 6:
        return value[0] + "*" * (len(value) - 1)
    head = 6 if len(value) >= 15 else 2
    return value[:head] + "*" * (len(value) - head - 4) + value[-4:]


def clean_application_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise and check the applicant's data; every problem in one ValidationError.

    条例第二十九条第二款: name, 身份证明 and contact; the information sought; the form wanted.
    The checksums of 居民身份证 and 统一社会信用代码 are checked by the public form's validators
    before this; here the shape the annual report needs is enforced (kind ⇔ column).
    """
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for name in DATA_FIELDS:
        value = data.get(name, "")
        # control characters would make every letter to this applicant fail (DOCX is XML)
        value = "" if value is None else storable_text(str(value)).strip()
        out[name] = value
    for name in _REQUIRED:
        if not out[name]:
            errors.setdefault(name, []).append(_("此项为必填项。"))
    for name, choices in _CHOICES.items():
        if out[name] and out[name] not in choices.values:
            errors.setdefault(name, []).append(_("请选择有效的选项。"))
    out["form_wanted"] = out["form_wanted"] or FormWanted.ELECTRONIC
    out["delivery_method"] = out["delivery_method"] or DeliveryMethod.ONLINE
    for name, limit in _MAX_LENGTHS.items():
        if len(out[name]) > limit:
            errors.setdefault(name, []).append(_("最多 %(n)d 个字符。") % {"n": limit})
    kind, column = out["applicant_kind"], out["applicant_type"]
    if kind == ApplicantKind.NATURAL_PERSON and column and column != ApplicantType.NATURAL_PERSON:
        errors.setdefault("applicant_type", []).append(_("自然人的申请人类别只能是“自然人”。"))
    if kind == ApplicantKind.ORGANISATION and column == ApplicantType.NATURAL_PERSON:
        errors.setdefault("applicant_type", []).append(
            _("法人或其他组织请选择商业企业、科研机构、社会公益组织、法律服务机构或其他。")
        )
    if kind == ApplicantKind.NATURAL_PERSON and not column:
        out["applicant_type"] = ApplicantType.NATURAL_PERSON
        errors.pop("applicant_type", None)
    if not (out["phone"] or out["email"] or out["address"]):
        errors.setdefault("phone", []).append(
            _("请至少填写一种联系方式（电话、电子邮箱或通信地址）。")
        )
    if out["delivery_method"] == DeliveryMethod.EMAIL and not out["email"]:
        errors.setdefault("email", []).append(_("选择电子邮件获取时请填写电子邮箱。"))
    if out["delivery_method"] == DeliveryMethod.POST and not out["address"]:
        errors.setdefault("address", []).append(_("选择邮寄获取时请填写通信地址。"))
    out["id_number"] = normalise_id_number(out["id_number"])
    if out["id_number"] and out["id_type"] in IdType.values:
        try:
            out["id_number"] = validate_id_number(out["id_type"], out["id_number"])
        except ValidationError as exc:
            errors.setdefault("id_number", []).extend(exc.messages)
    if kind == ApplicantKind.NATURAL_PERSON and out["id_type"] not in ("", *ID_TYPES_FOR_PERSON):
        errors.setdefault("id_type", []).append(_("自然人请选择个人证件。"))
    if kind == ApplicantKind.ORGANISATION and out["id_type"] not in (
        "",
        *ID_TYPES_FOR_ORGANISATION,
    ):
        errors.setdefault("id_type", []).append(
            _("法人或其他组织请选择统一社会信用代码或其他证件。")
        )
    if errors:
        raise ValidationError(errors)
    return out


def applicant_digest(id_number: str, name: str = "") -> str:
    """A keyed digest identifying the applicant (ID number, else the name) for duplicates,
    the 第三十五条 volume signal and the per-applicant rate limit; never the number itself."""
    key = normalise_id_number(id_number) or re.sub(r"\s", "", name or "")
    return keyed_digest(key, purpose="applicant")


# --- numbers and the query code ------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 10
_HASH_ITERATIONS = 60_000


def _new_query_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def hash_query_code(code: str, *, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac(
        "sha256", code.strip().upper().encode(), salt.encode(), _HASH_ITERATIONS
    )
    return f"pbkdf2_sha256${_HASH_ITERATIONS}${salt}${digest.hex()}"


def check_query_code(stored: str, code: str) -> bool:
    """Whether ``code`` matches the stored hash (constant-time comparison)."""
    try:
        _algo, iterations, salt, expected = stored.split("$")
        digest = hashlib.pbkdf2_hmac(
            "sha256", (code or "").strip().upper().encode(), salt.encode(), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _tracking_no_next(agency: Agency, year: int) -> str:
    """受理编号: ``<机构代码>-<年>-<5位序号>``, per agency and year, never reused."""
    seq, _created = TrackingSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{agency.code}-{year}-{seq.last:05d}"


def document_number_next(*, agency: Agency, kind: str, year: int) -> str:
    """文书编号 per agency, year and kind: ``<机构代码>政公开〔YYYY〕N号`` with the kind's prefix
    (DOMAIN.md §4: the number format is locally defined; this one is the common pattern).
    Must run inside the caller's transaction."""
    seq, _created = DocumentSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year, kind=kind
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    prefix = {
        DocumentKind.SUPPLEMENT_NOTICE: "补",
        DocumentKind.EXTENSION_NOTICE: "延",
        DocumentKind.CONSULTATION_LETTER: "征",
        DocumentKind.FEE_NOTICE: "费",
        DocumentKind.RECEIPT: "收",
    }.get(kind, "")
    return f"{agency.code}政公开{prefix}〔{year}〕{seq.last}号"


# --- the common step -----------------------------------------------------------------------


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _write_event(
    *,
    application: Application,
    actor: Actor,
    kind: str,
    day: date,
    stage_before: str = "",
    stage_after: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    user = _user(actor)
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        day=day,
        at=_now(),
        actor=user,
        actor_label=user.get_username() if user is not None else "",
        stage_before=stage_before,
        stage_after=stage_after,
        # staff's words may go into letters and the case file: no control characters (DOCX)
        note=storable_text(note),
        data=data or {},
    )


def _event_triples(application: Application) -> list[tuple[str, date, dict[str, Any]]]:
    return [
        (kind, day, data)
        for kind, day, data in application.events.order_by("at", "id").values_list(
            "kind", "day", "data"
        )
    ]


def _recompute(application: Application, *, calendar: Any = None) -> clocks.DueInfo:
    """Set the cached due date of ``application`` from its events (does not save)."""
    if application.stage not in OPEN_STAGES:
        info = clocks.DueInfo(None, False, "")
    else:
        info = clocks.reply_due(
            application.received_on,
            _event_triples(application),
            calendar or calendar_for_platform(),
            fee_pauses=settings.GONGKAI_FEE_PAUSES_CLOCK,
        )
    application.due_on = info.due_on
    application.due_provisional = info.provisional
    application.due_note = info.note[:300]
    return info


_CACHE_FIELDS = ("due_on", "due_provisional", "due_note")


def _lock(application: Application | int, version: int | None) -> Application:
    pk = application if isinstance(application, int) else application.pk
    locked = Application.objects.select_for_update().select_related("agency").get(pk=pk)
    if version is not None and locked.version != version:
        raise ApplicationConflict()
    return locked


@dataclass(frozen=True)
class _Step:
    kind: str
    day: date
    note: str = ""
    data: dict[str, Any] | None = None


def _act(
    *,
    actor: Actor,
    application: Application | int,
    action: Action,
    version: int | None,
    reason: str = "",
    change: Callable[[Application], _Step],
    fields: tuple[str, ...] = (),
) -> Application:
    """Check the table and the permission, apply ``change``, record event + audit, recompute."""
    reason = storable_text(reason or "")
    with transaction.atomic():
        app = _lock(application, version)
        row = transition(app.stage, action)
        if actor is not None and not agency_permissions.can_change_agency_record(
            actor, app.agency_id, row.perm
        ):
            raise PermissionDenied
        if row.reason_required and not (reason or "").strip():
            raise ValidationError({"reason": [_("请填写理由。")]})
        before = app.stage
        step = change(app)
        if row.target is not None:
            app.stage = row.target
        _write_event(
            application=app,
            actor=actor,
            kind=step.kind,
            day=step.day,
            stage_before=before,
            stage_after=app.stage,
            note=step.note or reason,
            data=step.data,
        )
        _recompute(app)
        app.version += 1
        app.save(update_fields=sorted({*fields, *_CACHE_FIELDS, "stage", "version", "updated_at"}))
        audit_record(
            actor=actor,
            action=f"application.{action.value}",
            obj=app,
            agency=app.agency,
            details={
                "tracking_no": app.tracking_no,
                "stage": [before, app.stage],
                **({"reason": reason} if reason else {}),
                **{k: _jsonable(v) for k, v in (step.data or {}).items()},
            },
        )
    return app


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_AS_OF: contextvars.ContextVar[date | None] = contextvars.ContextVar(
    "applications_as_of", default=None
)


@contextlib.contextmanager
def as_of(day: date) -> Iterator[None]:
    """Record steps as if today were ``day`` (the demo and the benchmarks replay histories of
    past years with it; nothing else should)."""
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def _today() -> date:
    return _AS_OF.get() or timezone.localdate()


def _now() -> datetime:
    day = _AS_OF.get()
    if day is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def _check_day(day: date, app: Application, label: str) -> None:
    if day > _today():
        raise ValidationError({"day": [_("%(label)s不能晚于今天。") % {"label": label}]})
    if app.received_on is not None and day < app.received_on:
        raise ValidationError({"day": [_("%(label)s不能早于收到申请之日。") % {"label": label}]})


# --- creating ------------------------------------------------------------------------------


def _create(
    *,
    agency: Agency,
    values: dict[str, Any],
    channel: str,
    submitted_at: datetime,
    received_on: date | None,
    actor: Actor,
    is_demo: bool = False,
) -> tuple[Application, str]:
    code = _new_query_code()
    stage = Stage.RECEIVED if received_on is not None else Stage.PENDING
    app = Application(
        agency=agency,
        tracking_no=_tracking_no_next(agency, timezone.localtime(submitted_at).year),
        query_code_hash=hash_query_code(code),
        channel=channel,
        submitted_at=submitted_at,
        received_on=received_on,
        stage=stage,
        is_demo=is_demo,
        id_number_masked=mask_id_number(values["id_number"]),
        id_digest=applicant_digest(values["id_number"], values["applicant_name"]),
        **values,
    )
    app.save()
    kind = (
        EventKind.SUBMITTED
        if actor is None or channel == Channel.ONLINE
        else EventKind.REGISTERED_BY_STAFF
    )
    data: dict[str, Any] = {"channel": channel}
    if received_on is not None:
        kind = EventKind.REGISTERED_BY_STAFF
        data["received_on"] = received_on.isoformat()
    _write_event(
        application=app,
        actor=actor,
        kind=kind,
        day=received_on or timezone.localtime(submitted_at).date(),
        stage_after=stage,
        data=data,
    )
    _recompute(app)
    app.save(update_fields=list(_CACHE_FIELDS))
    return app, code


#: What an applicant may send as 身份证明 (a scan or a photo).
ID_PROOF_KINDS = ("pdf", "png", "jpeg")


def submit_online_application(
    *,
    agency: Agency,
    data: dict[str, Any],
    files: dict[str, Any] | None = None,
    ip: str | None = None,
) -> tuple[Application, str]:
    """An application filed on the public form: it waits in 待确认 until the office confirms
    receipt (条例第三十一条第（四）项: the receipt date is the day both sides confirm), so the
    clock does not start at submission. Returns the application and the plain query code
    (only its hash is stored). ``files`` (field name → uploaded file) are kept as ID proof
    after ``gongkai.core.uploads.validate_upload``. ``ip`` goes into the audit row only."""
    from gongkai.core.uploads import KINDS, validate_upload

    values = clean_application_data(data)
    checked: list[tuple[Any, str]] = []
    for upload in (files or {}).values():
        if upload is None:
            continue
        kind = validate_upload(
            upload, kinds=ID_PROOF_KINDS, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES
        )
        checked.append((upload, KINDS[kind].content_type))
    with transaction.atomic():
        app, code = _create(
            agency=agency,
            values=values,
            channel=Channel.ONLINE,
            submitted_at=_now(),
            received_on=None,
            actor=None,
        )
        for upload, content_type in checked:
            _attach(
                application=app,
                kind=DocumentKind.ID_PROOF,
                file=upload,
                actor=None,
                title=_("身份证明"),
                content_type=content_type,
            )
        audit_record(
            actor=None,
            action="application.submit",
            obj=app,
            agency=agency,
            details={"tracking_no": app.tracking_no, "channel": Channel.ONLINE, "ip": ip or ""},
        )
    return app, code


def application_create(
    *,
    actor: Actor,
    agency: Agency,
    data: dict[str, Any],
    channel: str,
    received_on: date | None = None,
    submitted_at: datetime | None = None,
    note: str = "",
    is_demo: bool = False,
) -> tuple[Application, str]:
    """Staff register an application that arrived by another channel (条例第三十一条):

    * 当面提交 — received the day it is handed in; 邮寄（需签收）— the day the office signs for it:
      ``received_on`` is required;
    * 平信, 传真, 电子邮件, 网上 — the receipt date is the day of confirmation with the applicant:
      with ``received_on`` (confirmed already) the application starts as 已接收, else it waits
      in 待确认.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("请选择申请渠道。")]})
    if actor is not None and not agency_permissions.can_change_agency_record(
        actor, agency, agency_permissions.Perm.APPLICATION_REGISTER
    ):
        raise PermissionDenied
    values = clean_application_data(data)
    if received_on is None and channel not in CONFIRMATION_CHANNELS:
        raise ValidationError(
            {"received_on": [_("当面提交和需签收的邮寄申请请填写收到申请之日（条例第三十一条）。")]}
        )
    if received_on is not None and received_on > _today() and not is_demo:
        raise ValidationError({"received_on": [_("收到申请之日不能晚于今天。")]})
    if submitted_at is None:
        submitted_at = _now()
        if received_on is not None and received_on < _today():
            submitted_at = timezone.make_aware(datetime.combine(received_on, datetime.min.time()))
    with transaction.atomic():
        app, code = _create(
            agency=agency,
            values=values,
            channel=channel,
            submitted_at=submitted_at,
            received_on=received_on,
            actor=actor,
            is_demo=is_demo,
        )
        if note:
            _write_event(
                application=app,
                actor=actor,
                kind=EventKind.NOTE,
                day=app.submitted_at.date(),
                note=note,
            )
        audit_record(
            actor=actor,
            action="application.create",
            obj=app,
            agency=agency,
            details={
                "tracking_no": app.tracking_no,
                "channel": channel,
                "received_on": received_on.isoformat() if received_on else None,
            },
        )
    return app, code


# --- receipt and registration --------------------------------------------------------------


def application_confirm(
    *,
    actor: Actor,
    application: Application | int,
    received_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """条例第三十一条: the day both sides confirm is the receipt date; the clock starts."""
    day = received_on or _today()

    def change(app: Application) -> _Step:
        if day > _today():
            raise ValidationError({"day": [_("确认日期不能晚于今天。")]})
        if day < timezone.localtime(app.submitted_at).date():
            raise ValidationError({"day": [_("确认日期不能早于申请提交日期。")]})
        app.received_on = day
        return _Step(EventKind.CONFIRMED, day, note, {"received_on": day.isoformat()})

    return _act(
        actor=actor,
        application=application,
        action=Action.CONFIRM,
        version=version,
        change=change,
        fields=("received_on",),
    )


def application_discard(
    *, actor: Actor, application: Application | int, reason: str, version: int | None = None
) -> Application:
    """A submission that is no application (spam, a test, sent twice by mistake) is set aside
    before receipt; it is never counted in the annual report."""
    return _act(
        actor=actor,
        application=application,
        action=Action.DISCARD,
        version=version,
        reason=reason,
        change=lambda app: _Step(EventKind.DISCARDED, _today(), reason),
    )


def application_register(
    *, actor: Actor, application: Application | int, note: str = "", version: int | None = None
) -> Application:
    """条例第四十五条: 登记."""
    return _act(
        actor=actor,
        application=application,
        action=Action.REGISTER,
        version=version,
        change=lambda app: _Step(EventKind.REGISTERED, _today(), note),
    )


def application_assign(
    *,
    actor: Actor,
    application: Application | int,
    handler: Any,
    note: str = "",
    version: int | None = None,
) -> Application:
    """Assign the 承办人 (a member of the agency holding APPLICATION_HANDLE)."""

    def change(app: Application) -> _Step:
        if not agency_permissions.can_change_agency_record(
            handler, app.agency_id, agency_permissions.Perm.APPLICATION_HANDLE
        ):
            raise ValidationError({"handler": [_("承办人须是本机关具有办理权限的工作人员。")]})
        app.handler = handler
        return _Step(
            EventKind.ASSIGNED,
            _today(),
            note,
            {"handler": handler.get_username(), "handler_id": handler.pk},
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.ASSIGN,
        version=version,
        change=change,
        fields=("handler",),
    )


# --- 补正 (条例第三十条) ---------------------------------------------------------------------


def application_request_supplement(
    *,
    actor: Actor,
    application: Application | int,
    reason: str,
    day: date | None = None,
    supplement_due_on: date | None = None,
    version: int | None = None,
) -> Application:
    """条例第三十条: within 7 working days of receipt, tell the applicant ONCE what to supplement
    and by when. The period stops until the supplement arrives. A notice after the 7 days is
    recorded with a warning (the law's window was missed), not refused."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("补正告知日期"))
        if app.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).exists():
            raise ValidationError(
                _("补正告知只能发出一次（条例第三十条：一次性告知需要补正的事项）。")
            )
        if app.waiting:
            raise ValidationError(
                _("申请正在%(w)s，不能同时补正。") % {"w": app.get_waiting_display()}
            )
        cal = calendar_for_platform()
        deadline = supplement_due_on or cal.add_workdays(day, clocks.SUPPLEMENT_ANSWER_WORKDAYS).day
        if deadline <= day:
            raise ValidationError({"supplement_due_on": [_("补正期限须晚于告知日期。")]})
        window = cal.add_workdays(app.received_on, clocks.SUPPLEMENT_NOTICE_WORKDAYS).day
        app.waiting = Waiting.SUPPLEMENT
        app.supplement_due_on = deadline
        data = {
            "supplement_due_on": deadline.isoformat(),
            "notice_window_end": window.isoformat(),
            "late": day > window,
        }
        return _Step(EventKind.SUPPLEMENT_REQUESTED, day, reason, data)

    return _act(
        actor=actor,
        application=application,
        action=Action.REQUEST_SUPPLEMENT,
        version=version,
        reason=reason,
        change=change,
        fields=("waiting", "supplement_due_on"),
    )


def application_receive_supplement(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """条例第三十条: the reply period runs again from the day the supplement is received."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("收到补正日期"))
        if app.waiting != Waiting.SUPPLEMENT:
            raise ValidationError(_("该申请没有等待补正。"))
        app.waiting = Waiting.NONE
        return _Step(EventKind.SUPPLEMENT_RECEIVED, day, note, {"restart": day.isoformat()})

    return _act(
        actor=actor,
        application=application,
        action=Action.RECEIVE_SUPPLEMENT,
        version=version,
        change=change,
        fields=("waiting",),
    )


def _close(app: Application, outcome: str, day: date) -> None:
    app.outcome = outcome
    app.outcome_overridden = False
    app.closed_on = day
    app.waiting = Waiting.NONE


def application_lapse_supplement(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """条例第三十条: no supplement by the set date without good reason → deemed abandoned; the
    office stops handling it. Table 三 row 其他处理-1."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("终止处理日期"))
        if app.waiting != Waiting.SUPPLEMENT or app.supplement_due_on is None:
            raise ValidationError(_("该申请没有等待补正。"))
        if day <= app.supplement_due_on:
            raise ValidationError(
                _("补正期限（%(d)s）尚未届满。") % {"d": app.supplement_due_on.isoformat()}
            )
        _close(app, "other_1", day)
        return _Step(EventKind.SUPPLEMENT_LAPSED, day, note, {"outcome": "other_1"})

    return _act(
        actor=actor,
        application=application,
        action=Action.LAPSE_SUPPLEMENT,
        version=version,
        change=change,
        fields=("outcome", "outcome_overridden", "closed_on", "waiting"),
    )


# --- consultation (条例第三十二条、第三十四条) ------------------------------------------------


def application_start_consultation(
    *,
    actor: Actor,
    application: Application | int,
    kind: str,
    party: str,
    day: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """The consultation letter goes out; the third party / organ has 15 working days; the time
    is not counted in the reply period (第三十三条第三款)."""
    day = day or _today()
    party = storable_line(party or "").strip()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("征求意见日期"))
        if kind not in ConsultationKind.values:
            raise ValidationError({"kind": [_("请选择征求对象类型。")]})
        if not party:
            raise ValidationError({"party": [_("请填写征求对象。")]})
        if app.waiting:
            raise ValidationError(_("申请正在%(w)s。") % {"w": app.get_waiting_display()})
        answer_due = calendar_for_platform().add_workdays(day, clocks.CONSULTATION_WORKDAYS).day
        Consultation.objects.create(
            application=app, kind=kind, party=party, sent_on=day, answer_due_on=answer_due
        )
        app.waiting = Waiting.CONSULTATION
        return _Step(
            EventKind.CONSULTATION_STARTED,
            day,
            note,
            {"kind": kind, "party": party, "answer_due_on": answer_due.isoformat()},
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.START_CONSULTATION,
        version=version,
        change=change,
        fields=("waiting",),
    )


def application_end_consultation(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    answer: str = "",
    version: int | None = None,
) -> Application:
    """The answer arrived (or the 15 working days ran out: 第三十四条 no answer = consent)."""
    day = day or _today()
    answer = storable_text(answer or "")

    def change(app: Application) -> _Step:
        _check_day(day, app, _("收到意见日期"))
        open_ = app.consultations.filter(answered_on__isnull=True).order_by("-sent_on").first()
        if app.waiting != Waiting.CONSULTATION or open_ is None:
            raise ValidationError(_("该申请没有正在进行的征求意见。"))
        if day < open_.sent_on:
            raise ValidationError({"day": [_("收到意见日期不能早于发出日期。")]})
        open_.answered_on = day
        open_.answer = answer
        open_.save(update_fields=["answered_on", "answer"])
        app.waiting = Waiting.NONE
        return _Step(EventKind.CONSULTATION_ANSWERED, day, answer, {"party": open_.party})

    return _act(
        actor=actor,
        application=application,
        action=Action.END_CONSULTATION,
        version=version,
        change=change,
        fields=("waiting",),
    )


# --- extension (条例第三十三条第二款) ----------------------------------------------------------


def application_extend(
    *,
    actor: Actor,
    application: Application | int,
    workdays: int,
    reason: str,
    day: date | None = None,
    version: int | None = None,
) -> Application:
    """Extension approved by the head of the disclosure office (the 审核人) and notified to the
    applicant: at most 20 working days in total, approved before the original deadline."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("批准延期日期"))
        if not isinstance(workdays, int) or not 1 <= workdays <= clocks.REPLY_WORKDAYS:
            raise ValidationError({"workdays": [_("延长的工作日数须在 1 到 20 之间。")]})
        done = sum(
            int(d.get("workdays", 0))
            for d in app.events.filter(kind=EventKind.EXTENDED).values_list("data", flat=True)
        )
        if done + workdays > clocks.REPLY_WORKDAYS:
            raise ValidationError(
                {
                    "workdays": [
                        _(
                            "延长答复期限最多20个工作日（条例第三十三条第二款），已延长%(n)d个工作日。"
                        )
                        % {"n": done}
                    ]
                }
            )
        if app.due_on is not None and day > app.due_on:
            raise ValidationError(
                _("延期须在答复期限（%(d)s）届满前批准。") % {"d": app.due_on.isoformat()}
            )
        return _Step(
            EventKind.EXTENDED,
            day,
            reason,
            {"workdays": workdays, "due_before": app.due_on.isoformat() if app.due_on else None},
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.EXTEND,
        version=version,
        reason=reason,
        change=change,
    )


# --- fees (国办函〔2020〕109号) ---------------------------------------------------------------


def application_notify_fee(
    *,
    actor: Actor,
    application: Application | int,
    method: str,
    amount: Decimal,
    breakdown: list[Any] | None = None,
    day: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """收费通知 within the processing period; the applicant pays within 20 working days; the
    clock pauses from notice to payment unless ``GONGKAI_FEE_PAUSES_CLOCK`` is off (U2)."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("收费通知日期"))
        if method not in FeeMethod.values:
            raise ValidationError({"method": [_("请选择计收方式。")]})
        if amount <= 0:
            raise ValidationError({"amount": [_("收费金额须大于零。")]})
        if app.waiting:
            raise ValidationError(_("申请正在%(w)s。") % {"w": app.get_waiting_display()})
        if _unpaid_fees(app).exists():
            raise ValidationError(_("已有未缴清的收费通知。"))
        pay_by = calendar_for_platform().add_workdays(day, clocks.FEE_PAY_WORKDAYS).day
        FeeRecord.objects.create(
            application=app,
            method=method,
            amount=amount,
            breakdown=breakdown or [],
            notified_on=day,
            pay_by=pay_by,
        )
        app.waiting = Waiting.FEE
        app.fee_due_on = pay_by
        return _Step(
            EventKind.FEE_NOTIFIED,
            day,
            note,
            {"method": method, "amount": str(amount), "pay_by": pay_by.isoformat()},
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.NOTIFY_FEE,
        version=version,
        change=change,
        fields=("waiting", "fee_due_on"),
    )


def _unpaid_fees(app: Application) -> Any:
    return app.fees.filter(lapsed=False, paid_on__isnull=True)


def _pending_fee(app: Application, day: date, label: str) -> FeeRecord:
    """The fee notice the applicant is waiting to pay (the latest unpaid one), after checking
    ``day`` (named ``label`` in messages); refused when there is none."""
    _check_day(day, app, label)
    fee = _unpaid_fees(app).order_by("-notified_on").first()
    if app.waiting != Waiting.FEE or fee is None:
        raise ValidationError(_("该申请没有待缴的费用。"))
    return fee


def application_record_payment(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    amount: Decimal | None = None,
    version: int | None = None,
) -> Application:
    """The applicant paid (国办函〔2020〕109号); the application stops waiting for the fee."""
    day = day or _today()

    def change(app: Application) -> _Step:
        fee = _pending_fee(app, day, _("缴费日期"))
        fee.paid_on = day
        fee.paid_amount = fee.amount if amount is None else amount
        fee.save(update_fields=["paid_on", "paid_amount"])
        app.waiting = Waiting.NONE
        app.fee_due_on = None
        return _Step(EventKind.FEE_PAID, day, "", {"amount": str(fee.paid_amount)})

    return _act(
        actor=actor,
        application=application,
        action=Action.RECORD_PAYMENT,
        version=version,
        change=change,
        fields=("waiting", "fee_due_on"),
    )


def application_lapse_fee(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    version: int | None = None,
) -> Application:
    """Unpaid within 20 working days → deemed abandoned; table 三 row 其他处理-2."""
    day = day or _today()

    def change(app: Application) -> _Step:
        fee = _pending_fee(app, day, _("终止处理日期"))
        if fee.pay_by is not None and day <= fee.pay_by:
            raise ValidationError(_("缴费期限（%(d)s）尚未届满。") % {"d": fee.pay_by.isoformat()})
        fee.lapsed = True
        fee.save(update_fields=["lapsed"])
        app.fee_due_on = None
        _close(app, "other_2", day)
        return _Step(EventKind.FEE_LAPSED, day, "", {"outcome": "other_2"})

    return _act(
        actor=actor,
        application=application,
        action=Action.LAPSE_FEE,
        version=version,
        change=change,
        fields=("outcome", "outcome_overridden", "closed_on", "waiting", "fee_due_on"),
    )


# --- draft, review, reply ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemOutcome:
    description: str
    outcome: str
    note: str = ""


def application_submit_draft(
    *,
    actor: Actor,
    application: Application | int,
    reply_text: str,
    outcome: str = "",
    items: list[ItemOutcome] | None = None,
    version: int | None = None,
) -> Application:
    """The 承办人 submits the draft reply with its outcome (one row of table 三). With several
    items, each gets its own outcome and the reportable one is derived
    (``outcomes.derive_outcome``) unless ``outcome`` is given, which overrides it."""
    # the reply and the items' notes go into letters and the catalogue: no control characters
    reply_text = storable_text(reply_text or "")
    if items is not None:
        items = [
            ItemOutcome(storable_text(i.description).strip(), i.outcome, storable_text(i.note))
            for i in items
        ]

    def change(app: Application) -> _Step:
        if app.waiting:
            raise ValidationError(
                _("申请正在%(w)s，结束后才能提交答复稿。") % {"w": app.get_waiting_display()}
            )
        if not reply_text.strip():
            raise ValidationError({"reply_text": [_("请填写答复意见。")]})
        derived = derive_outcome([i.outcome for i in items]) if items else ""
        chosen = outcome or derived
        if not chosen:
            raise ValidationError({"outcome": [_("请选择办理结果。")]})
        from gongkai.annual.format import OUTCOME_ROW_KEYS

        if chosen not in OUTCOME_ROW_KEYS or any(
            i.outcome not in OUTCOME_ROW_KEYS for i in items or []
        ):
            raise ValidationError({"outcome": [_("请选择有效的办理结果。")]})
        if items is not None:
            app.items.all().delete()
            ApplicationItem.objects.bulk_create(
                ApplicationItem(
                    application=app,
                    position=n,
                    description=i.description,
                    outcome=i.outcome,
                    note=i.note,
                )
                for n, i in enumerate(items, start=1)
            )
        app.outcome = chosen
        app.outcome_overridden = bool(outcome and items and outcome != derived)
        app.reply_text = reply_text.strip()
        return _Step(
            EventKind.DRAFT_SUBMITTED,
            _today(),
            "",
            {"outcome": chosen, "derived": derived, "items": len(items or [])},
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.SUBMIT_DRAFT,
        version=version,
        change=change,
        fields=("outcome", "outcome_overridden", "reply_text"),
    )


def application_approve(
    *, actor: Actor, application: Application | int, note: str = "", version: int | None = None
) -> Application:
    """The 审核人 approves the draft (条例第十七条: review before disclosure)."""
    return _act(
        actor=actor,
        application=application,
        action=Action.APPROVE,
        version=version,
        change=lambda app: _Step(EventKind.APPROVED, _today(), note, {"outcome": app.outcome}),
    )


def application_send_back(
    *, actor: Actor, application: Application | int, reason: str, version: int | None = None
) -> Application:
    return _act(
        actor=actor,
        application=application,
        action=Action.SEND_BACK,
        version=version,
        reason=reason,
        change=lambda app: _Step(EventKind.RETURNED, _today(), reason),
    )


def application_reply(
    *,
    actor: Actor,
    application: Application | int,
    day: date | None = None,
    note: str = "",
    version: int | None = None,
) -> Application:
    """The reply is issued: the application is 办结 on ``day`` and counted in that year's
    办理结果 (DOMAIN.md §3.4)."""
    day = day or _today()

    def change(app: Application) -> _Step:
        _check_day(day, app, _("答复日期"))
        late = app.due_on is not None and day > app.due_on
        app.closed_on = day
        app.waiting = Waiting.NONE
        return _Step(
            EventKind.REPLIED,
            day,
            note,
            {
                "outcome": app.outcome,
                "due_on": app.due_on.isoformat() if app.due_on else None,
                "late": late,
            },
        )

    return _act(
        actor=actor,
        application=application,
        action=Action.REPLY,
        version=version,
        change=change,
        fields=("closed_on", "waiting"),
    )


def application_deliver(
    *,
    actor: Actor,
    application: Application | int,
    method: str,
    day: date | None = None,
    proof: str = "",
    version: int | None = None,
) -> Application:
    """送达: method, date and proof (a postal tracking number, the e-mail, a signature)."""
    day = day or _today()
    proof = storable_text(proof or "")

    def change(app: Application) -> _Step:
        _check_day(day, app, _("送达日期"))
        if method not in DeliveryMethod.values:
            raise ValidationError({"method": [_("请选择送达方式。")]})
        if app.closed_on is not None and day < app.closed_on:
            raise ValidationError({"day": [_("送达日期不能早于答复日期。")]})
        return _Step(
            EventKind.DELIVERED,
            day,
            proof,
            {"method": method, "proof": proof, "delivered_on": day.isoformat()},
        )

    return _act(
        actor=actor, application=application, action=Action.DELIVER, version=version, change=change
    )


def application_archive(
    *, actor: Actor, application: Application | int, note: str = "", version: int | None = None
) -> Application:
    return _act(
        actor=actor,
        application=application,
        action=Action.ARCHIVE,
        version=version,
        change=lambda app: _Step(EventKind.ARCHIVED, _today(), note),
    )


# --- documents -----------------------------------------------------------------------------


def _attach(
    *,
    application: Application,
    kind: str,
    file: File[Any] | Any,
    actor: Actor,
    title: str = "",
    number: str = "",
    issued: bool = False,
    issued_on: date | None = None,
    content_type: str = "",
) -> ApplicationDocument:
    name = getattr(file, "name", "") or f"{kind}.bin"
    name = name.rsplit("/", 1)[-1][-100:]
    document = ApplicationDocument(
        application=application,
        kind=kind,
        title=title[:200],
        number=number[:60],
        content_type=content_type or getattr(file, "content_type", "") or "",
        size=getattr(file, "size", 0) or 0,
        issued=issued,
        issued_on=(issued_on or _today()) if issued else None,
        created_by=_user(actor),
    )
    document.file.save(name, file, save=False)
    document.save()
    if issued:
        _write_event(
            application=application,
            actor=actor,
            kind=EventKind.DOCUMENT_ISSUED,
            day=document.issued_on or _today(),
            note=document.title or document.get_kind_display(),
            data={"document_id": document.pk, "kind": kind, "number": number},
        )
    return document


def attach_document(
    *,
    application: Application,
    kind: str,
    file: File[Any] | Any,
    actor: Actor = None,
    title: str = "",
    number: str = "",
    issued: bool = False,
    issued_on: date | None = None,
    content_type: str = "",
) -> ApplicationDocument:
    """Keep a file of an application: a letter (``issued=True``: shown to the applicant on
    /track/ for the kinds in ``APPLICANT_VISIBLE_KINDS``), the applicant's ID proof, a proof of
    delivery. ``file`` is a Django ``File`` (``ContentFile(pdf_bytes, name="答复.pdf")``).
    The caller has checked uploads (``gongkai.core.uploads.validate_upload``); generated
    letters are trusted. Audited; an issued document is on the timeline."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("未知的文书类型。")]})
    with transaction.atomic():
        document = _attach(
            application=application,
            kind=kind,
            file=file,
            actor=actor,
            title=title,
            number=number,
            issued=issued,
            issued_on=issued_on,
            content_type=content_type,
        )
        audit_record(
            actor=actor,
            action="application.document",
            obj=application,
            agency=application.agency,
            details={
                "tracking_no": application.tracking_no,
                "document_id": document.pk,
                "kind": kind,
                "issued": issued,
                "number": number,
            },
        )
    return document


# --- due dates after a calendar change -----------------------------------------------------


def application_due_recompute(
    *, application: Application, calendar: Any = None, info: clocks.DueInfo | None = None
) -> bool:
    """Recompute one application's cached due date; a change is logged on its timeline (so
    the handler sees it) and returns True. ``info``: the result already computed from the
    application's events (the bulk recompute reads them in batches)."""
    with transaction.atomic():
        app = _lock(application, None)
        before = (app.due_on, app.due_provisional)
        if info is None or app.version != application.version:
            info = _recompute(app, calendar=calendar)
        else:
            app.due_on, app.due_provisional, app.due_note = (
                info.due_on,
                info.provisional,
                info.note[:300],
            )
        if (info.due_on, info.provisional) == before:
            return False
        _write_event(
            application=app,
            actor=None,
            kind=EventKind.DUE_CHANGED,
            day=_today(),
            note=_("节假日安排变更，答复期限由 %(old)s 改为 %(new)s")
            % {
                "old": before[0].isoformat() if before[0] else "—",
                "new": info.due_on.isoformat() if info.due_on else "—",
            },
            data={
                "old": before[0].isoformat() if before[0] else None,
                "new": info.due_on.isoformat() if info.due_on else None,
                "provisional": info.provisional,
            },
        )
        app.save(update_fields=[*_CACHE_FIELDS, "updated_at"])
    return True


def application_due_recompute_all(*, agency_ids: list[int] | None = None) -> tuple[int, int]:
    """Recompute every open application's due date (after loading or correcting a year's
    holiday schedule). Returns (applications looked at, due dates changed). Idempotent."""
    calendar = calendar_for_platform()
    qs = Application.objects.filter(stage__in=list(OPEN_STAGES)).order_by("pk")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    seen = changed = 0
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:500])
        if not batch:
            break
        events: dict[int, list[tuple[str, date, dict[str, Any]]]] = {a.pk: [] for a in batch}
        for app_id, kind, day, data in (
            ApplicationEvent.objects.filter(application_id__in=list(events))
            .order_by("at", "id")
            .values_list("application_id", "kind", "day", "data")
        ):
            events[app_id].append((kind, day, data))
        for app in batch:
            seen += 1
            last = app.pk
            info = clocks.reply_due(
                app.received_on,
                events[app.pk],
                calendar,
                fee_pauses=settings.GONGKAI_FEE_PAUSES_CLOCK,
            )
            if (info.due_on, info.provisional) != (app.due_on, app.due_provisional):
                if application_due_recompute(application=app, calendar=calendar, info=info):
                    changed += 1
    return seen, changed


# --- 第四十四条: publish a reply's information to the catalogue ------------------------------


def application_publish_to_catalogue(
    *,
    actor: Actor,
    application: Application,
    category: Any,
    title: str,
    body_html: str = "",
    written_on: date | None = None,
) -> Any:
    """条例第四十四条: information asked for by several applicants may be made proactive. One
    step: a catalogue record is drafted from the reply and submitted to the 保密审查
    (条例第十七条; the catalogue's review publishes it). Returns the record."""
    from gongkai.catalogue import services as catalogue_services

    if application.closed_on is None or application.outcome not in ("granted", "partly_granted"):
        raise ValidationError(_("只有已答复且予以公开或部分公开的申请可以转为主动公开。"))
    with transaction.atomic():
        record = catalogue_services.record_create(
            actor=actor,
            agency=application.agency,
            data=catalogue_services.RecordData(
                category=category,
                title=title,
                written_on=written_on or application.closed_on,
                body_html=body_html or f"<p>{_escape(application.reply_text)}</p>",
            ),
        )
        record = catalogue_services.record_submit(
            actor=actor, record=record, version=record.version
        )
        _write_event(
            application=application,
            actor=actor,
            kind=EventKind.PUBLISHED,
            day=_today(),
            note=title,
            data={"record_id": record.pk},
        )
        audit_record(
            actor=actor,
            action="application.publish",
            obj=application,
            agency=application.agency,
            details={"tracking_no": application.tracking_no, "record_id": record.pk},
        )
    return record


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text).replace("\n", "<br>")
