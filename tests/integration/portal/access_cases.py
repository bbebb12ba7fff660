"""Access cases of the public portal, the feeds, the sitemap and the JSON API: see
tests/integration/url_access.py.

Public pages answer everybody alike (a staff member sees no more than an anonymous visitor);
drafts, records in review and withdrawn records are never shown, to anybody, on any of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.integration.url_access import (
    NOT_FOUND,
    OK,
    OK_WITHOUT_SECRET,
    REDIRECT,
    AccessCase,
    Target,
    World,
)

from gongkai.agencies import services as agency_services

PUBLIC = {"owner": OK, "anonymous": OK, "other_agency": OK, "no_role": OK}
HIDDEN = {
    "owner": OK_WITHOUT_SECRET,
    "anonymous": OK_WITHOUT_SECRET,
    "other_agency": OK_WITHOUT_SECRET,
    "no_role": OK_WITHOUT_SECRET,
}
MISSING = {
    "owner": NOT_FOUND,
    "anonymous": NOT_FOUND,
    "other_agency": NOT_FOUND,
    "no_role": NOT_FOUND,
}

PUBLISHED = "访问测试镇公开的补贴发放通知"
DRAFT = "访问测试镇尚未公开的补贴草稿"
WITHDRAWN = "访问测试镇已撤回的补贴通知"
# what the pages must (not) show: the part before the search word (which is highlighted)
PUBLISHED_MARK, DRAFT_MARK, WITHDRAWN_MARK = (
    "访问测试镇公开的",
    "访问测试镇尚未公开的",
    "访问测试镇已撤回的",
)


def _records(world: World) -> dict[str, Any]:
    """One published, one draft, one in review and one withdrawn record of the town, indexed."""
    from gongkai.catalogue import search, services
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category

    standard_categories_sync()
    publisher = world.make_member(world.agency, "publisher")
    reviewer = world.make_member(world.agency, "reviewer")

    def make(title: str, code: str = "gzdt") -> Any:
        return services.record_create(
            actor=publisher,
            agency=world.agency,
            data=services.RecordData(
                category=Category.objects.get(code=code, agency__isnull=True),
                title=title,
                written_on=date(2024, 3, 1),
                body_html=f"<p>{title}正文。</p>",
            ),
        )

    def publish(record: Any) -> Any:
        record = services.record_submit(actor=publisher, record=record, version=record.version)
        return services.record_approve(actor=reviewer, record=record, version=record.version)

    published = publish(make(PUBLISHED))
    draft = make(DRAFT)
    review = services.record_submit(actor=publisher, record=make(DRAFT + "（待审）"), version=1)
    withdrawn = publish(make(WITHDRAWN))
    withdrawn = services.record_withdraw(
        actor=publisher, record=withdrawn, version=withdrawn.version, reason="访问测试"
    )
    search.index_records([published.pk, draft.pk, review.pk, withdrawn.pk])
    return {"published": published, "draft": draft, "review": review, "withdrawn": withdrawn}


def _attachment(world: World, key: str) -> Target:
    """A record with a PDF attachment, left as a draft, published, or published and withdrawn."""
    from gongkai.catalogue import services
    from gongkai.catalogue.categories import standard_categories_sync
    from gongkai.catalogue.models import Category
    from gongkai.catalogue.sample_files import pdf_bytes

    standard_categories_sync()
    publisher = world.make_member(world.agency, "publisher")
    reviewer = world.make_member(world.agency, "reviewer")
    record = services.record_create(
        actor=publisher,
        agency=world.agency,
        data=services.RecordData(
            category=Category.objects.get(code="gzdt", agency__isnull=True),
            title="访问测试附件",
            written_on=date(2024, 3, 1),
        ),
    )
    attachment = services.attachment_add(
        actor=publisher,
        record=record,
        version=record.version,
        upload=SimpleUploadedFile(
            "访问测试附件.pdf", pdf_bytes("访问测试", ["访问测试"]), content_type="application/pdf"
        ),
    )
    record.refresh_from_db()
    if key != "draft":
        record = services.record_submit(actor=publisher, record=record, version=record.version)
        record = services.record_approve(actor=reviewer, record=record, version=record.version)
    if key == "withdrawn":
        record = services.record_withdraw(
            actor=publisher, record=record, version=record.version, reason="访问测试"
        )
    return Target({"pk": record.pk, "attachment_pk": attachment.pk}, secret="%PDF")


def _guide(world: World) -> Target:
    agency_services.agency_update(
        actor=None, agency=world.agency, data={"guide": "一、主动公开（访问测试）"}
    )
    return Target({"code": world.agency.code}, secret="一、主动公开（访问测试）")


def _code(world: World, secret: str = "") -> Target:
    _records(world)
    return Target({"code": world.agency.code}, secret=secret or world.agency.name)


def _hidden(name: str, query: str = "", **kwargs: Any) -> AccessCase:
    """The page lists records: the drafts, reviews and withdrawn ones never appear."""

    def build(world: World) -> Target:
        _records(world)
        kw = {k: (world.agency.code if v == "CODE" else v) for k, v in kwargs.items()}
        return Target(kw, secret=DRAFT_MARK, query=query.replace("CODE", world.agency.code))

    return AccessCase(name, build=build, note="no-drafts", **HIDDEN)


def _hidden_withdrawn(name: str, query: str = "", **kwargs: Any) -> AccessCase:
    def build(world: World) -> Target:
        _records(world)
        kw = {k: (world.agency.code if v == "CODE" else v) for k, v in kwargs.items()}
        return Target(kw, secret=WITHDRAWN_MARK, query=query.replace("CODE", world.agency.code))

    return AccessCase(name, build=build, note="no-withdrawn", **HIDDEN)


def _listing(name: str, query: str = "", **kwargs: Any) -> AccessCase:
    def build(world: World) -> Target:
        _records(world)
        kw = {k: (world.agency.code if v == "CODE" else v) for k, v in kwargs.items()}
        return Target(kw, secret=PUBLISHED_MARK, query=query.replace("CODE", world.agency.code))

    return AccessCase(name, build=build, **PUBLIC)


def _record(key: str) -> Any:
    def build(world: World) -> Target:
        record = _records(world)[key]
        return Target({"pk": record.pk}, secret=record.title)

    return build


CASES = [
    AccessCase("portal:home", build=lambda w: Target(secret=w.agency.name), **PUBLIC),
    _listing("portal:home"),
    _hidden("portal:home"),
    AccessCase("portal:agency_guide", build=_guide, **PUBLIC),
    AccessCase(
        "portal:agency_guide", build=lambda w: Target({"code": "NOSUCH"}), note="unknown", **MISSING
    ),
    _listing("portal:agency_home", code="CODE"),
    _hidden("portal:agency_home", code="CODE"),
    _hidden_withdrawn("portal:agency_home", code="CODE"),
    AccessCase(
        "portal:agency_home", build=lambda w: Target({"code": "NOSUCH"}), note="unknown", **MISSING
    ),
    AccessCase("portal:agency_rules", build=_code, **PUBLIC),
    _hidden("portal:agency_rules", code="CODE"),
    AccessCase("portal:agency_catalogue", build=_code, **PUBLIC),
    _hidden("portal:agency_catalogue", code="CODE"),
    AccessCase("portal:agency_policies", build=_code, **PUBLIC),
    _hidden("portal:agency_policies", code="CODE"),
    AccessCase("portal:agency_reports", build=_code, **PUBLIC),
    _hidden("portal:agency_reports", code="CODE"),
    AccessCase(
        "portal:agency_apply",
        build=lambda w: Target({"code": w.agency.code}, secret=f"/apply/{w.agency.code}/"),
        **PUBLIC,
    ),
    _listing("portal:record_list"),
    _listing("portal:record_list", query="agency=CODE&category=gzdt&year=2024"),
    _hidden("portal:record_list"),
    _hidden_withdrawn("portal:record_list", query="agency=CODE"),
    AccessCase("portal:record_detail", build=_record("published"), **PUBLIC),
    AccessCase("portal:record_detail", build=_record("draft"), note="draft", **MISSING),
    AccessCase("portal:record_detail", build=_record("review"), note="review", **MISSING),
    AccessCase("portal:record_detail", build=_record("withdrawn"), note="withdrawn", **MISSING),
    AccessCase("portal:attachment_download", build=lambda w: _attachment(w, "published"), **PUBLIC),
    AccessCase(
        "portal:attachment_download",
        build=lambda w: _attachment(w, "draft"),
        note="draft",
        **MISSING,
    ),
    AccessCase(
        "portal:attachment_download",
        build=lambda w: _attachment(w, "withdrawn"),
        note="withdrawn",
        **MISSING,
    ),
    AccessCase("portal:search", build=lambda w: Target(secret="检索"), **PUBLIC),
    _listing("portal:search", query="q=补贴"),
    _hidden("portal:search", query="q=补贴"),
    _hidden_withdrawn("portal:search", query="q=补贴"),
    AccessCase(
        "portal:font_size",
        build=lambda w: Target(query="size=large&next=/records/"),
        owner=REDIRECT,
        anonymous=REDIRECT,
        other_agency=REDIRECT,
        no_role=REDIRECT,
    ),
    _listing("portal:feed", code="CODE"),
    _hidden("portal:feed", code="CODE"),
    _hidden_withdrawn("portal:feed", code="CODE"),
    _listing("portal:feed_category", code="CODE", category="gzdt"),
    _hidden("portal:feed_category", code="CODE", category="gzdt"),
    AccessCase(
        "portal:feed", build=lambda w: Target({"code": "NOSUCH"}), note="unknown", **MISSING
    ),
    AccessCase(
        "portal:sitemap",
        build=lambda w: Target(secret=f"/records/{_records(w)['published'].pk}/"),
        **PUBLIC,
    ),
    AccessCase(
        "portal:sitemap",
        build=lambda w: Target(secret=f"/records/{_records(w)['draft'].pk}/"),
        note="no-drafts",
        **HIDDEN,
    ),
    _listing("api:records"),
    _listing("api:records", query="q=补贴&agency=CODE&sort=date"),
    _hidden("api:records"),
    _hidden("api:records", query="q=补贴"),
    _hidden_withdrawn("api:records", query="q=补贴"),
    AccessCase("api:openapi", build=lambda w: Target(secret="openapi"), **PUBLIC),
]
