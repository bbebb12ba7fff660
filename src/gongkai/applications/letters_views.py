"""Staff pages that issue letters for an application (under /staff/applications/<pk>/letters/)
and redact PDFs for 部分公开 (under /staff/applications/<pk>/redaction/).

Who may: the handling agency's own staff with the 办理 role (条例第四十五条); supervisors read
applications but issue nothing (403); another agency's application answers 404.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies import permissions as agency_permissions
from gongkai.agencies.permissions import Perm
from gongkai.core.validators import storable_line

from . import letters
from .letters_forms import FORMS, FeeForm, ReplyForm
from .letters_issue import facts_for, issue_letter
from .views import applications_staff

REDACTION_RECORD_TITLE = "区分处理记录"
SOURCE_MAX_BYTES = 30 * 1024 * 1024
PREVIEW_SCALE = 1.0  # page previews at 72 dpi; boxes are entered in points


def _application(request: HttpRequest, pk: int) -> Any:
    from .models import Application

    application = (
        agency_permissions.filter_applications_readable(
            request.user, Application.objects.select_related("agency", "agency__parent")
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("not found")
    if not agency_permissions.can_change_agency_record(
        request.user, application.agency_id, Perm.APPLICATION_HANDLE
    ):
        raise PermissionDenied
    return application


def _detail(application: Any) -> str:
    return reverse("applications:detail", args=[application.pk])


def earlier_in_month(application: Any) -> int:
    """按件计收 (办法第四条): the applicant's applications to this agency earlier in the same
    calendar month (by submission time)."""
    from .models import Application, Stage

    if not application.id_digest:
        return 0
    at = timezone.localtime(application.submitted_at)
    return (
        Application.objects.filter(
            agency_id=application.agency_id,
            id_digest=application.id_digest,
            submitted_at__year=at.year,
            submitted_at__month=at.month,
            submitted_at__lt=application.submitted_at,
        )
        .exclude(stage=Stage.DISCARDED)
        .count()
    )


# --- letters ----------------------------------------------------------------------------------


def _form(kind: str, application: Any, data: Any = None) -> Any:
    form_class = FORMS[kind]
    if form_class is FeeForm:
        return FeeForm(data, earlier_in_month=earlier_in_month(application))
    if form_class is ReplyForm:
        initial = {"outcome": application.outcome} if application.outcome else None
        return ReplyForm(data, initial=initial, withheld=withheld_for(application))
    return form_class(data)


@applications_staff
@require_http_methods(["GET", "POST"])
def letter_issue(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    application = _application(request, pk)
    if kind not in FORMS:
        raise Http404("unknown letter")
    form = _form(kind, application, request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            preview = form.build(facts_for(application))
        except ValidationError as error:
            form.add_error(None, error)
        if preview is not None and request.POST.get("issue"):
            try:
                _issue(request, application, kind, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("已出具%(kind)s。") % {"kind": letters.LETTER_KINDS[kind]}
                )
                return HttpResponseRedirect(_detail(application))
    return render(
        request,
        "applications/letters/issue.html",
        {
            "application": application,
            "kind": kind,
            "kind_label": letters.LETTER_KINDS[kind],
            "form": form,
            "preview": preview.as_text().splitlines() if preview is not None else None,
            "withheld": getattr(form, "withheld", None),
        },
    )


def _issue(request: HttpRequest, application: Any, kind: str, form: Any) -> None:
    from . import services

    if kind == letters.KIND_FEE:
        fee = form.fee()
        application = services.application_notify_fee(
            actor=request.user,
            application=application,
            method=fee.method,
            amount=Decimal(fee.total),
            breakdown=fee.breakdown(),
        )

        def build(facts: letters.Facts) -> letters.Letter:
            return form.build(facts, pay_by=application.fee_due_on)

        issue_letter(application=application, build=build, kind=kind, actor=request.user)
        return
    issue_letter(application=application, build=form.build, kind=kind, actor=request.user)


# --- redaction ------------------------------------------------------------------------------


def withheld_for(application: Any) -> list[letters.WithheldPart]:
    """The withheld parts of the latest redaction of this application (for the reply)."""
    record = (
        application.documents.filter(kind="other", title=REDACTION_RECORD_TITLE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if record is None:
        return []
    with record.file.open("rb") as handle:
        data = json.loads(handle.read().decode("utf-8"))
    return [
        letters.WithheldPart(part["description"], part["ground"], part.get("reason", ""))
        for part in data.get("withheld", [])
        if part.get("ground") in letters.GROUND_BY_KEY
    ]


def _pdf_documents(application: Any) -> list[Any]:
    return [
        d
        for d in application.documents.exclude(kind__in=["id_proof", "redacted"]).order_by("pk")
        if d.content_type == "application/pdf" or d.file.name.lower().endswith(".pdf")
    ]


@applications_staff
@require_http_methods(["GET", "POST"])
def redaction_index(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the PDF to redact, or upload it (checked by gongkai.core.uploads)."""
    from gongkai.core.uploads import validate_upload

    from . import services

    application = _application(request, pk)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("source")
        if upload is None:
            error = _("请选择要区分处理的 PDF 文件。")
        else:
            try:
                validate_upload(upload, kinds={"pdf"}, max_bytes=SOURCE_MAX_BYTES)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                document = services.attach_document(
                    application=application,
                    kind="other",
                    file=upload,
                    actor=request.user,
                    title=_("待区分处理：%(name)s") % {"name": upload.name[:80]},
                    content_type="application/pdf",
                )
                return HttpResponseRedirect(
                    reverse("applications_letters:redaction_edit", args=[pk, document.pk])
                )
    return render(
        request,
        "applications/letters/redaction_index.html",
        {"application": application, "documents": _pdf_documents(application), "error": error},
    )


def _source(application: Any, doc_pk: int) -> Any:
    document = next((d for d in _pdf_documents(application) if d.pk == doc_pk), None)
    if document is None:
        raise Http404("no such document")
    return document


def _read(document: Any) -> bytes:
    with document.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _boxes_from(raw: str) -> list[Any]:
    from .redaction import Box

    try:
        items = json.loads(raw or "[]")
        return [
            Box(
                int(item["page"]),
                float(item["x0"]),
                float(item["top"]),
                float(item["x1"]),
                float(item["bottom"]),
                str(item["ground"]),
                storable_line(str(item.get("note", ""))).strip()[:200],
            )
            for item in items[:500]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("遮盖框数据无效，请重新标注。")) from exc


def _boxes_json(boxes: list[Any]) -> str:
    return json.dumps(
        [
            {
                "page": b.page,
                "x0": round(b.x0, 1),
                "top": round(b.top, 1),
                "x1": round(b.x1, 1),
                "bottom": round(b.bottom, 1),
                "ground": b.ground,
                "note": b.note,
            }
            for b in boxes
        ],
        ensure_ascii=False,
    )


@applications_staff
@require_http_methods(["GET", "POST"])
def redaction_edit(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """Mark boxes (page, position in points, legal ground, what is withheld) and produce the
    redacted PDF. The boxes travel in the form (nothing is stored until the PDF is made)."""
    from .redaction import Box, RedactionError, check_boxes, page_sizes, redact_pdf

    application = _application(request, pk)
    source = _source(application, doc_pk)
    data = _read(source)
    try:
        sizes = page_sizes(data)
    except RedactionError as exc:
        raise Http404(str(exc)) from exc
    errors: list[str] = []
    boxes: list[Box] = []
    if request.method == "POST":
        try:
            boxes = _boxes_from(request.POST.get("boxes", ""))
        except ValidationError as exc:
            errors += exc.messages
        action = request.POST.get("action", "")
        if action == "add":
            try:
                new = Box(
                    int(request.POST.get("page") or 0),
                    float(request.POST.get("x0") or 0),
                    float(request.POST.get("top") or 0),
                    float(request.POST.get("x1") or 0),
                    float(request.POST.get("bottom") or 0),
                    request.POST.get("ground", ""),
                    storable_line(request.POST.get("note") or "").strip()[:200],
                )
                check_boxes([new], sizes)
                boxes.append(new)
            except ValueError as exc:  # RedactionError is a ValueError
                errors.append(str(exc) if isinstance(exc, RedactionError) else _("请填写数字。"))
        elif action.startswith("remove-"):
            index = action.removeprefix("remove-")
            if index.isdigit() and int(index) < len(boxes):
                boxes.pop(int(index))
        elif action == "make" and not errors:
            if not boxes:
                errors.append(_("请至少标出一处不予公开的内容。"))
            else:
                try:
                    result = redact_pdf(data, boxes)
                except RedactionError as exc:
                    errors.append(str(exc))
                else:
                    _keep(request, application, source, result, boxes)
                    messages.success(
                        request,
                        _("已生成区分处理后的文件，不予公开的部分及理由将列入答复书。"),
                    )
                    return HttpResponseRedirect(_detail(application))
    return render(
        request,
        "applications/letters/redaction_edit.html",
        {
            "application": application,
            "source": source,
            "pages": [{"number": i + 1, "width": w, "height": h} for i, (w, h) in enumerate(sizes)],
            "boxes": boxes,
            "boxes_json": _boxes_json(boxes),
            "grounds": letters.GROUNDS,
            "errors": errors,
        },
    )


def _keep(
    request: HttpRequest, application: Any, source: Any, result: Any, boxes: list[Any]
) -> None:
    from django.db import transaction

    from . import services
    from .redaction import withheld_parts

    stem = source.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60]
    record = {
        "source_document": source.pk,
        "boxes": json.loads(_boxes_json(boxes)),
        "withheld": [
            {"description": p.description, "ground": p.ground, "reason": p.reason}
            for p in withheld_parts(boxes)
        ],
    }
    with transaction.atomic():
        services.attach_document(
            application=application,
            kind="redacted",
            file=ContentFile(result.pdf, name=f"{stem}-区分处理.pdf"),
            actor=request.user,
            title=_("%(title)s（区分处理后）") % {"title": source.title or stem},
            issued=bool(request.POST.get("issue")),
            content_type="application/pdf",
        )
        services.attach_document(
            application=application,
            kind="other",
            file=ContentFile(
                json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"),
                name=f"{stem}-区分处理记录.json",
            ),
            actor=request.user,
            title=REDACTION_RECORD_TITLE,
            content_type="application/json",
        )


@applications_staff
@require_GET
def redaction_page(request: HttpRequest, pk: int, doc_pk: int, page: int) -> HttpResponse:
    """A page of the source as PNG (72 dpi: one pixel per point), for marking boxes."""
    import io

    import pypdfium2 as pdfium

    application = _application(request, pk)
    source = _source(application, doc_pk)
    try:
        document = pdfium.PdfDocument(_read(source))
    except pdfium.PdfiumError as exc:
        raise Http404("unreadable") from exc
    try:
        if not 1 <= page <= len(document):
            raise Http404("no such page")
        image = document[page - 1].render(scale=PREVIEW_SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    try:
        boxes = [b for b in _boxes_from(request.GET.get("boxes", "")) if b.page == page]
    except ValidationError:
        boxes = []
    if boxes:
        from PIL import ImageDraw

        draw = ImageDraw.Draw(image, "RGBA")
        for box in boxes:
            rect = [
                box.x0 * PREVIEW_SCALE,
                box.top * PREVIEW_SCALE,
                box.x1 * PREVIEW_SCALE,
                box.bottom * PREVIEW_SCALE,
            ]
            draw.rectangle(rect, fill=(177, 14, 30, 70), outline=(177, 14, 30, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
