"""Access cases of the catalogue's back-office pages: see tests/integration/url_access.py.

Every catalogue page needs VIEW (a member without any role gets 403 first); another agency's
record, attachment, relation or category answers 404; acting needs the workflow's permission in
the record's own agency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.integration.url_access import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    AccessCase,
    Target,
    World,
)

TITLE = "访问测试镇关于安全生产检查的通知"
SUBCATEGORY = "访问测试自设栏目"


def _record(world: World, status: str = "draft") -> Any:
    from gongkai.catalogue import services
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category

    standard_categories_sync()
    publisher = world.make_member(world.agency, "publisher")
    record = services.record_create(
        actor=publisher,
        agency=world.agency,
        data=services.RecordData(
            category=Category.objects.get(code="gzdt", agency__isnull=True),
            title=TITLE,
            written_on=date(2024, 3, 1),
            body_html="<p>访问测试正文。</p>",
        ),
    )
    if status == "review":
        record = services.record_submit(actor=publisher, record=record, version=record.version)
    return record


def _unchanged(record: Any) -> Any:
    from gongkai.catalogue.models import Record

    before = (record.title, record.status, record.version)

    def check() -> bool:
        now = Record.objects.get(pk=record.pk)
        return (now.title, now.status, now.version) == before

    return check


def _detail(world: World) -> Target:
    return Target({"pk": _record(world).pk}, secret=TITLE)


def _list(world: World) -> Target:
    _record(world)
    return Target(secret=TITLE)


def _review(world: World) -> Target:
    _record(world, "review")
    return Target(secret=TITLE)


def _edit_post(world: World) -> Target:
    record = _record(world)
    return Target(
        {"pk": record.pk},
        data={"title": "被篡改的标题", "version": record.version},
        unchanged=_unchanged(record),
    )


def _step(world: World) -> Target:
    record = _record(world)
    return Target(
        {"pk": record.pk, "action": "submit"},
        data={"version": record.version},
        unchanged=_unchanged(record),
    )


def _upload(world: World) -> Target:
    record = _record(world)
    return Target(
        {"pk": record.pk},
        data={"version": record.version, "file": SimpleUploadedFile("a.txt", b"x")},
        unchanged=lambda: not record.attachments.exists(),
    )


def _attachment(world: World) -> Any:
    from gongkai.catalogue import services
    from gongkai.catalogue.sample_files import pdf_bytes

    record = _record(world)
    publisher = world.make_member(world.agency, "publisher")
    return services.attachment_add(
        actor=publisher,
        record=record,
        version=record.version,
        upload=SimpleUploadedFile("通知.pdf", pdf_bytes(TITLE, ["访问测试附件"])),
    )


def _attachment_get(world: World) -> Target:
    attachment = _attachment(world)
    return Target({"pk": attachment.pk})


def _attachment_delete(world: World) -> Target:
    from gongkai.catalogue.models import Attachment

    attachment = _attachment(world)
    return Target(
        {"pk": attachment.pk},
        data={"version": attachment.record.version},
        unchanged=lambda: Attachment.objects.filter(pk=attachment.pk).exists(),
    )


def _relation_add(world: World) -> Target:
    record = _record(world)
    target = _record(world)
    return Target(
        {"pk": record.pk},
        data={"version": record.version, "target": target.pk, "kind": "related"},
        unchanged=lambda: not record.relations_out.exists(),
    )


def _relation_delete(world: World) -> Target:
    from gongkai.catalogue import services
    from gongkai.catalogue.models import RecordRelation

    record = _record(world)
    relation = services.relation_add(
        actor=world.make_member(world.agency, "publisher"),
        record=record,
        version=record.version,
        target=_record(world),
        kind="related",
    )
    record.refresh_from_db()
    return Target(
        {"pk": relation.pk},
        data={"version": record.version},
        unchanged=lambda: RecordRelation.objects.filter(pk=relation.pk).exists(),
    )


def _own_category(world: World) -> Any:
    from gongkai.catalogue import services
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category

    standard_categories_sync()
    return services.category_create(
        actor=None,
        agency=world.agency,
        parent=Category.objects.get(code="gzdt", agency__isnull=True),
        name=SUBCATEGORY,
        code="fangwen",
    )


def _category(world: World) -> Target:
    return Target({"pk": _own_category(world).pk}, secret=SUBCATEGORY)


def _category_list(world: World) -> Target:
    _own_category(world)
    return Target(secret=SUBCATEGORY)


def _category_delete(world: World) -> Target:
    from gongkai.catalogue.models import Category

    category = _own_category(world)
    return Target(
        {"pk": category.pk}, unchanged=lambda: Category.objects.filter(pk=category.pk).exists()
    )


def _standard_category(world: World) -> Target:
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category

    standard_categories_sync()
    return Target({"pk": Category.objects.get(code="gzdt", agency__isnull=True).pk})


#: Pages any member with VIEW uses for their own agency: another agency's member sees their own.
OWN_AGENCY = {"other_agency": OK, "no_role": FORBIDDEN}
RECORD = {"other_agency": NOT_FOUND, "no_role": FORBIDDEN}

CASES = [
    AccessCase("catalogue:index", owner_roles=("publisher",), **OWN_AGENCY),
    AccessCase(
        "catalogue:record_list",
        build=_list,
        owner_roles=("publisher",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
    AccessCase(
        "catalogue:review_queue",
        build=_review,
        owner_roles=("reviewer",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
    AccessCase("catalogue:record_create", owner_roles=("publisher",), **OWN_AGENCY),
    AccessCase("catalogue:record_detail", build=_detail, owner_roles=("publisher",), **RECORD),
    AccessCase("catalogue:record_edit", build=_detail, owner_roles=("publisher",), **RECORD),
    AccessCase(
        "catalogue:record_edit",
        method="POST",
        build=_edit_post,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:record_step", method="POST", build=_step, owner_roles=("publisher",), **RECORD
    ),
    AccessCase(
        "catalogue:attachment_upload",
        method="POST",
        build=_upload,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:attachment_download",
        build=_attachment_get,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:attachment_delete",
        method="POST",
        build=_attachment_delete,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:relation_add",
        method="POST",
        build=_relation_add,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:relation_delete",
        method="POST",
        build=_relation_delete,
        owner_roles=("publisher",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:category_list",
        build=_category_list,
        owner_roles=("admin",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
    AccessCase("catalogue:category_create", owner_roles=("admin",), **OWN_AGENCY),
    AccessCase("catalogue:category_edit", build=_category, owner_roles=("admin",), **RECORD),
    AccessCase(
        "catalogue:category_delete",
        method="POST",
        build=_category_delete,
        owner_roles=("admin",),
        **RECORD,
    ),
    AccessCase(
        "catalogue:category_setting",
        build=_standard_category,
        owner_roles=("admin",),
        **OWN_AGENCY,  # a standard category: each agency sets its own use of it
    ),
    AccessCase("catalogue:record_import", owner_roles=("publisher",), **OWN_AGENCY),
    AccessCase(
        "catalogue:import_template",
        build=lambda w: Target({"fmt": "csv"}),
        owner_roles=("publisher",),
        **OWN_AGENCY,
    ),
    AccessCase(
        "catalogue:record_export",
        build=lambda w: (_record(w), Target({"fmt": "csv"}, secret=TITLE))[1],
        owner_roles=("publisher",),
        other_agency=OK_WITHOUT_SECRET,
        no_role=FORBIDDEN,
    ),
]
