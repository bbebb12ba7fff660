"""Issuing letters for an application: facts from the model, the letter as PDF (and DOCX),
numbered per agency, year and kind, kept as ``ApplicationDocument`` rows through
``services.attach_document`` (which writes the timeline and audit rows).

The PDF is what the applicant downloads from the status page; the DOCX is kept for the office
(to print on letterhead and seal). Where no PDF writer is installed only the DOCX is issued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import letters
from .letters_render import DOCX_CONTENT_TYPE, letter_docx, letter_pdf

#: letter kind → ApplicationDocument kind (``models.DocumentKind``)
DOCUMENT_KINDS: dict[str, str] = {
    letters.KIND_RECEIPT: "receipt",
    letters.KIND_SUPPLEMENT: "supplement_notice",
    letters.KIND_EXTENSION: "extension_notice",
    letters.KIND_THIRD_PARTY: "consultation_letter",
    letters.KIND_FEE: "fee_notice",
    letters.KIND_REPLY: "reply",
}
#: Letters that carry a 文书编号 (the receipt does not).
NUMBERED = frozenset(DOCUMENT_KINDS) - {letters.KIND_RECEIPT}


def reviewing_body(agency: Any) -> str:
    """行政复议法第二十四条: the county-level government reviews the acts of its departments and
    of the next-lower governments; for a town or a county department that is the agency above
    it. Empty when the platform does not know it (the letter then says 上一级人民政府)."""
    parent = getattr(agency, "parent", None)
    return parent.name if parent is not None else ""


def facts_for(
    application: Any, *, issued_on: dt.date | None = None, number: str = ""
) -> letters.Facts:
    agency = application.agency
    submitted = application.submitted_at
    return letters.Facts(
        organ=agency.name,
        applicant=application.applicant_name,
        tracking_no=application.tracking_no,
        description=application.description,
        issued_on=issued_on or timezone.localdate(),
        received_on=application.received_on,
        submitted_on=timezone.localtime(submitted).date() if submitted else None,
        number=number,
        reviewing_body=reviewing_body(agency),
        office_phone=agency.phone,
        office_address=agency.address,
        form_wanted=application.get_form_wanted_display() if application.form_wanted else "",
        delivery=application.get_delivery_method_display() if application.delivery_method else "",
    )


def issue_letter(
    *,
    application: Any,
    build: Callable[[letters.Facts], letters.Letter],
    kind: str,
    actor: Any = None,
    issued_on: dt.date | None = None,
    issued: bool = True,
) -> list[Any]:
    """Number (unless a receipt), build, render and attach a letter; returns the documents."""
    from gongkai.applications import services

    day = issued_on or timezone.localdate()
    documents = []
    with transaction.atomic():
        number = ""
        if kind in NUMBERED:
            number = services.document_number_next(
                agency=application.agency, kind=DOCUMENT_KINDS[kind], year=day.year
            )
        letter = build(facts_for(application, issued_on=day, number=number))
        stem = f"{application.tracking_no}-{DOCUMENT_KINDS[kind]}"
        if letter.outcome:
            stem += f"-{letter.outcome}"
        pdf = letter_pdf(letter)
        files = []
        if pdf is not None:
            files.append((pdf, f"{stem}.pdf", "application/pdf", letter.title))
        files.append(
            (letter_docx(letter), f"{stem}.docx", DOCX_CONTENT_TYPE, f"{letter.title}（Word）")
        )
        for data, name, content_type, title in files:
            documents.append(
                services.attach_document(
                    application=application,
                    kind=DOCUMENT_KINDS[kind],
                    file=ContentFile(data, name=name),
                    actor=actor,
                    title=title,
                    number=number,
                    issued=issued,
                    issued_on=day if issued else None,
                    content_type=content_type,
                )
            )
    return documents


def issue_receipt(*, application: Any, actor: Any = None) -> list[Any]:
    """登记回执 (before confirmation) or 受理通知书 (after), with the due date if known."""

    def build(facts: letters.Facts) -> letters.Letter:
        return letters.receipt_letter(
            facts,
            due_on=application.due_on if application.received_on else None,
            provisional=bool(getattr(application, "due_provisional", False)),
        )

    return issue_letter(
        application=application, build=build, kind=letters.KIND_RECEIPT, actor=actor
    )
