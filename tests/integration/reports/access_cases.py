"""Access cases of the annual-report pages: see tests/integration/url_access.py.

Reading needs VIEW (own agency and those below); changing a report, the 工作台账 and
importing need REPORT_EDIT (审核人, 管理员) in the report's own agency; the roll-up needs
agencies below one's own; the town deadline needs AGENCY_ADMIN; the public pages are open to
everyone once a report is published.
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

SECRET_TEXT = "访问测试台账：派专干参加培训"
CHILD = "访问测试村便民服务站"
SEED = "src/gongkai/catalogue/data/seed/kqz-2023-annual-report.txt"


def _report(world: World) -> Any:
    from gongkai.reports import services

    return services.report_create(actor=None, agency=world.agency, year=2024)


def _published(world: World) -> Any:
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    report = services.report_import(
        actor=None,
        agency=world.agency,
        data=open(SEED, "rb").read(),
        name="seed.txt",
        published_on=date(2024, 1, 20),
    )
    return AnnualReport.objects.get(pk=report.pk)


def _unchanged(report: Any) -> Any:
    from gongkai.reports.models import AnnualReport

    def state() -> tuple[Any, ...]:
        r = AnnualReport.objects.get(pk=report.pk)
        return (r.licensing, dict(r.narrative), r.versions.count(), r.acknowledgements.count())

    before = state()
    return lambda: state() == before


def _detail(world: World) -> Target:
    report = _report(world)
    return Target({"pk": report.pk}, secret=world.agency.name)


def _index(world: World) -> Target:
    _report(world)
    return Target(secret=world.agency.name)


def _figures_post(world: World) -> Target:
    report = _report(world)
    return Target({"pk": report.pk}, data={"licensing": "7"}, unchanged=_unchanged(report))


def _narrative_post(world: World) -> Target:
    report = _report(world)
    return Target({"pk": report.pk}, data={"problems": "篡改"}, unchanged=_unchanged(report))


def _redraft_post(world: World) -> Target:
    from gongkai.reports.models import AnnualReport

    report = _report(world)
    AnnualReport.objects.filter(pk=report.pk).update(narrative={"active": "手写"})
    return Target({"pk": report.pk, "part": "active"}, unchanged=_unchanged(report))


def _ack_post(world: World) -> Target:
    report = _report(world)
    return Target(
        {"pk": report.pk},
        data={"key": "platform-previous-missing@previous", "note": "首次使用平台"},
        unchanged=_unchanged(report),
    )


def _publish_post(world: World) -> Target:
    report = _report(world)
    return Target({"pk": report.pk}, data={}, unchanged=_unchanged(report))


def _cell(world: World) -> Target:
    report = _report(world)
    return Target(
        {"pk": report.pk, "table": "reviews", "row": "reconsideration", "col": "total"},
        secret=report.title,
    )


def _download(world: World) -> Target:
    report = _report(world)
    return Target({"pk": report.pk, "fmt": "json"}, secret=world.agency.name)


def _create_post(world: World) -> Target:
    from gongkai.reports.models import AnnualReport

    return Target(
        data={"year": "2024"},
        unchanged=lambda: not AnnualReport.objects.filter(agency=world.agency).exists(),
    )


def _import_post(world: World) -> Target:
    from gongkai.reports.models import AnnualReport

    return Target(
        data={
            "file": SimpleUploadedFile("seed.txt", open(SEED, "rb").read()),
            "published_on": "2024-01-20",
        },
        unchanged=lambda: not AnnualReport.objects.filter(agency=world.agency).exists(),
    )


def _log(world: World) -> Any:
    from gongkai.reports import services

    return services.log_add(
        actor=None, agency=world.agency, on=date(2024, 5, 1), kind="training", text=SECRET_TEXT
    )


def _log_list(world: World) -> Target:
    _log(world)
    return Target(secret=SECRET_TEXT, query="year=2024")


def _log_post(world: World) -> Target:
    from gongkai.reports.models import WorkLogEntry

    return Target(
        data={"on": "2024-03-01", "kind": "training", "text": "篡改"},
        unchanged=lambda: not WorkLogEntry.objects.filter(agency=world.agency).exists(),
    )


def _log_delete(world: World) -> Target:
    from gongkai.reports.models import WorkLogEntry

    entry = _log(world)
    return Target(
        {"pk": entry.pk}, unchanged=lambda: WorkLogEntry.objects.filter(pk=entry.pk).exists()
    )


def _with_child(world: World) -> None:
    from gongkai.agencies import services

    services.agency_create(actor=None, name=CHILD, code="ACCH", kind="other", parent=world.agency)


def _rollup(world: World) -> Target:
    _with_child(world)
    return Target(secret=CHILD, query="year=2024")


def _rollup_file(world: World) -> Target:
    _with_child(world)
    return Target(query="year=2024")


def _rollup_cell(world: World) -> Target:
    _with_child(world)
    return Target(
        {"table": "applications", "row": "new", "col": "total"}, secret=CHILD, query="year=2024"
    )


def _rollup_check(world: World) -> Target:
    from gongkai.reports.models import AnnualReport

    _with_child(world)
    report = _report(world)
    return Target(
        query="year=2024",
        unchanged=lambda: AnnualReport.objects.get(pk=report.pk).checked_at is None,
    )


def _deadline_post(world: World) -> Target:
    from gongkai.reports.models import TownDeadline

    return Target(
        data={"month": "2", "day": "20"},
        unchanged=lambda: not TownDeadline.objects.filter(county=world.agency).exists(),
    )


def _public(world: World) -> Target:
    report = _published(world)
    return Target({"code": world.agency.code, "year": report.year}, secret=world.agency.name)


def _public_download(world: World) -> Target:
    report = _published(world)
    return Target({"code": world.agency.code, "year": report.year, "fmt": "html"})


VIEWER = ("registrar",)
EDITOR = ("reviewer",)
PUBLIC = {"anonymous": OK, "other_agency": OK, "no_role": OK}

CASES = [
    AccessCase("reports:index", _index, owner_roles=VIEWER, other_agency=OK_WITHOUT_SECRET),
    AccessCase(
        "reports:report_create",
        _create_post,
        method="POST",
        owner_roles=EDITOR,
        other_agency=OK,
        note="other agency creates its own report only",
    ),
    AccessCase(
        "reports:report_create",
        _create_post,
        method="POST",
        owner_roles=VIEWER,
        owner=FORBIDDEN,
        other_agency=OK,
        note="no perm",
    ),
    AccessCase("reports:report_detail", _detail, owner_roles=VIEWER),
    AccessCase("reports:figures_edit", _figures_post, method="POST", owner_roles=EDITOR),
    AccessCase("reports:narrative_edit", _detail, owner_roles=EDITOR),
    AccessCase("reports:narrative_edit", _narrative_post, method="POST", owner_roles=EDITOR),
    AccessCase("reports:redraft", _redraft_post, method="POST", owner_roles=EDITOR),
    AccessCase("reports:acknowledge", _ack_post, method="POST", owner_roles=EDITOR),
    AccessCase("reports:publish", _publish_post, method="POST", owner_roles=EDITOR),
    AccessCase("reports:cell", _cell, owner_roles=VIEWER),
    AccessCase("reports:download", _download, owner_roles=VIEWER),
    AccessCase("reports:report_import", owner_roles=EDITOR, other_agency=OK),
    AccessCase(
        "reports:report_import",
        _import_post,
        method="POST",
        owner_roles=EDITOR,
        other_agency=OK,
        note="other agency imports into its own agency only",
    ),
    AccessCase("reports:work_log", _log_list, owner_roles=VIEWER, other_agency=OK_WITHOUT_SECRET),
    AccessCase(
        "reports:work_log",
        _log_post,
        method="POST",
        owner_roles=EDITOR,
        other_agency=OK,
        note="other agency logs for its own agency only",
    ),
    AccessCase("reports:work_log_delete", _log_delete, method="POST", owner_roles=EDITOR),
    AccessCase("reports:rollup", _rollup, owner_roles=VIEWER, other_agency=FORBIDDEN),
    AccessCase("reports:rollup_cell", _rollup_cell, owner_roles=VIEWER, other_agency=FORBIDDEN),
    AccessCase("reports:rollup_xlsx", _rollup_file, owner_roles=VIEWER, other_agency=FORBIDDEN),
    AccessCase(
        "reports:rollup_check",
        _rollup_check,
        method="POST",
        owner_roles=VIEWER,
        other_agency=FORBIDDEN,
    ),
    AccessCase(
        "reports:town_deadline",
        _deadline_post,
        method="POST",
        owner_roles=("admin",),
        other_agency=OK,
        note="other agency sets its own deadline only",
    ),
    AccessCase("reports_public:report", _public, **PUBLIC),
    AccessCase("reports_public:download", _public_download, **PUBLIC),
    AccessCase(
        "reports_public:report",
        lambda w: Target({"code": w.agency.code, "year": 2024}),
        owner=NOT_FOUND,
        note="unpublished",
        **{"anonymous": NOT_FOUND, "other_agency": NOT_FOUND, "no_role": NOT_FOUND},
    ),
]
