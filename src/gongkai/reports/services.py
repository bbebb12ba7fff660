"""Everything that changes a report. Each service writes its audit row in the same
transaction (STYLE.md, example 8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.annual.readers import NotAReport, read_bytes
from gongkai.annual.render import narrative_from_sections
from gongkai.core.audit import audit_record
from gongkai.reports import selectors
from gongkai.reports.checks import finding_key, narrative_sections, run_checks
from gongkai.reports.models import (
    Acknowledgement,
    AnnualReport,
    LogKind,
    NarrativePart,
    ReportSource,
    ReportVersion,
    TownDeadline,
    WorkLogEntry,
)

Actor = Any


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


@transaction.atomic
def report_create(*, actor: Actor, agency: Agency, year: int) -> AnnualReport:
    """A draft for ``agency`` and ``year``, its narrative drafted from the data."""
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(_("本机关该年度的报告已存在。"))
    report = AnnualReport.objects.create(agency=agency, year=year, created_by=_user(actor))
    space = selectors.workspace(report)
    report.narrative = dict(space.fresh_drafts)
    report.drafted = dict(space.fresh_drafts)
    report.save(update_fields=["narrative", "drafted"])
    audit_record(
        actor=actor, action="report.create", obj=report, agency=agency, details={"year": year}
    )
    return report


def _refuse_imported(report: AnnualReport) -> None:
    if report.source == ReportSource.IMPORTED:
        raise ValidationError(_("导入的报告不能在平台上修改。"))


@dataclass(frozen=True)
class EnteredFigures:
    licensing: int | None = None
    penalty: int | None = None
    enforcement: int | None = None
    fees_wan_yuan: Decimal | None = None
    figures_source: str = ""
    fee_notices: int | None = None
    fee_notice_yuan: Decimal | None = None
    fee_collected_yuan: Decimal | None = None


@transaction.atomic
def figures_update(*, actor: Actor, report: AnnualReport, figures: EnteredFigures) -> AnnualReport:
    locked = _lock(report)
    _refuse_imported(locked)
    changed: dict[str, Any] = {}
    for name, value in figures.__dict__.items():
        if isinstance(value, int | Decimal) and value < 0:
            raise ValidationError({name: [_("不能为负数。")]})
        if getattr(locked, name) != value:
            changed[name] = value
            setattr(locked, name, value)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="report.figures",
            obj=locked,
            agency=locked.agency,
            details={k: (str(v) if v is not None else None) for k, v in changed.items()},
        )
    return locked


@transaction.atomic
def narrative_update(*, actor: Actor, report: AnnualReport, parts: dict[str, str]) -> AnnualReport:
    locked = _lock(report)
    _refuse_imported(locked)
    narrative = dict(locked.narrative)
    changed = []
    for part, text in parts.items():
        if part not in NarrativePart.values:
            raise ValidationError(_("未知的正文部分。"))
        text = text.strip()
        if narrative.get(part, "") != text:
            narrative[part] = text
            changed.append(part)
    if changed:
        locked.narrative = narrative
        locked.save(update_fields=["narrative", "updated_at"])
        audit_record(
            actor=actor,
            action="report.narrative",
            obj=locked,
            agency=locked.agency,
            details={"parts": changed},
        )
    return locked


@transaction.atomic
def narrative_redraft(*, actor: Actor, report: AnnualReport, part: str) -> AnnualReport:
    """Replace a part's text with a fresh draft from the current data (the stale flag goes)."""
    locked = _lock(report)
    _refuse_imported(locked)
    if part not in NarrativePart.values:
        raise ValidationError(_("未知的正文部分。"))
    fresh = selectors.workspace(locked).fresh_drafts[part]
    locked.narrative = {**locked.narrative, part: fresh}
    locked.drafted = {**locked.drafted, part: fresh}
    locked.save(update_fields=["narrative", "drafted", "updated_at"])
    audit_record(
        actor=actor,
        action="report.redraft",
        obj=locked,
        agency=locked.agency,
        details={"part": part},
    )
    return locked


@transaction.atomic
def warning_acknowledge(
    *, actor: Actor, report: AnnualReport, key: str, note: str
) -> Acknowledgement:
    locked = _lock(report)
    note = note.strip()
    if not note:
        raise ValidationError(_("请填写确认说明。"))
    space = selectors.workspace(locked)
    result = run_checks(
        locked,
        space.computed,
        previous=selectors.previous_report(locked),
        stale_parts=space.stale_parts,
    )
    finding = next((f for f in result.warnings if finding_key(f) == key), None)
    if finding is None:
        raise ValidationError(_("该提示已不存在，请刷新页面。"))
    ack, _created = Acknowledgement.objects.update_or_create(
        report=locked,
        code=finding.code,
        where=finding.where,
        defaults={"note": note, "by": _user(actor)},
    )
    audit_record(
        actor=actor,
        action="report.acknowledge",
        obj=locked,
        agency=locked.agency,
        details={"code": finding.code, "where": finding.where, "note": note},
    )
    return ack


@transaction.atomic
def report_publish(
    *, actor: Actor, report: AnnualReport, change_note: str = "", today: date | None = None
) -> ReportVersion:
    """Freeze the figures and the text into a new version (条例第四十九条). Refused while the
    checks find an error or an unacknowledged warning; a corrected version needs a change note."""
    locked = _lock(report)
    _refuse_imported(locked)
    space = selectors.workspace(locked)
    result = run_checks(
        locked,
        space.computed,
        previous=selectors.previous_report(locked),
        stale_parts=space.stale_parts,
    )
    if result.errors:
        raise ValidationError(
            _("检查发现 %(n)s 个错误，修正后才能发布。") % {"n": len(result.errors)}
        )
    if result.open_warnings:
        raise ValidationError(
            _("还有 %(n)s 个提示未确认，请逐条确认并填写说明。") % {"n": len(result.open_warnings)}
        )
    latest = locked.latest_version()
    number = 1 if latest is None else latest.number + 1
    change_note = change_note.strip()
    if latest is not None and not change_note:
        raise ValidationError(_("发布更正版本须填写更正说明。"))
    sections = narrative_sections(locked.narrative)
    version = ReportVersion.objects.create(
        report=locked,
        number=number,
        published_on=today or timezone.localdate(),
        data=space.computed.report.to_json(findings=[]),
        narrative=sections,
        fingerprint=space.computed.fingerprint(),
        change_note=change_note,
        acknowledgements=[
            {"key": key, "note": note} for key, note in sorted(result.acknowledged.items())
        ],
        published_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="report.publish",
        obj=locked,
        agency=locked.agency,
        details={
            "version": number,
            "published_on": version.published_on.isoformat(),
            "change_note": change_note,
        },
    )
    return version


@transaction.atomic
def report_import(
    *, actor: Actor, agency: Agency, data: bytes, name: str, published_on: date
) -> AnnualReport:
    """A report published before the platform, read with ``gongkai.annual`` readers: its
    结转下年度 becomes the next report's 上年结转."""
    try:
        report_obj = read_bytes(data, name)
    except NotAReport as exc:  # the reader's own refusal, with its one-line reason
        raise ValidationError(_("无法作为年度报告读取：%(reason)s") % {"reason": exc}) from exc
    if report_obj.year is None:
        raise ValidationError(_("无法从文件中识别报告年度。"))
    if AnnualReport.objects.filter(agency=agency, year=report_obj.year).exists():
        raise ValidationError(_("本机关 %(year)s 年度的报告已存在。") % {"year": report_obj.year})
    narrative = narrative_from_sections(report_obj)
    report = AnnualReport.objects.create(
        agency=agency,
        year=report_obj.year,
        source=ReportSource.IMPORTED,
        created_by=_user(actor),
        licensing=report_obj.active.licensing,
        penalty=report_obj.active.penalty,
        enforcement=report_obj.active.enforcement,
        fees_wan_yuan=report_obj.active.fees_wan_yuan,
        figures_source=_("导入自 %(name)s") % {"name": name},
    )
    data_json = report_obj.to_json(findings=[])
    data_json["agency"] = data_json.get("agency") or agency.name
    ReportVersion.objects.create(
        report=report,
        number=1,
        published_on=published_on,
        data=data_json,
        narrative=narrative,
        published_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="report.import",
        obj=report,
        agency=agency,
        details={"year": report_obj.year, "file": name, "findings": len(report_obj.findings)},
    )
    return report


@transaction.atomic
def log_add(
    *, actor: Actor, agency: Agency, on: date, kind: str, text: str, figure: int | None = None
) -> WorkLogEntry:
    if kind not in LogKind.values:
        raise ValidationError({"kind": [_("未知的类别。")]})
    if not text.strip():
        raise ValidationError({"text": [_("请填写内容。")]})
    entry = WorkLogEntry.objects.create(
        agency=agency, on=on, kind=kind, text=text.strip(), figure=figure, created_by=_user(actor)
    )
    audit_record(
        actor=actor,
        action="report.log_add",
        obj=entry,
        agency=agency,
        details={"on": on.isoformat(), "kind": kind, "text": entry.text, "figure": figure},
    )
    return entry


@transaction.atomic
def log_delete(*, actor: Actor, entry: WorkLogEntry) -> None:
    audit_record(
        actor=actor,
        action="report.log_delete",
        obj=entry,
        agency=entry.agency,
        details={"on": entry.on.isoformat(), "kind": entry.kind, "text": entry.text},
    )
    entry.delete()


@transaction.atomic
def town_deadline_set(*, actor: Actor, county: Agency, month: int, day: int) -> TownDeadline:
    try:
        date(2001, month, day)
    except ValueError as exc:
        raise ValidationError(_("日期无效。")) from exc
    deadline, _created = TownDeadline.objects.update_or_create(
        county=county, defaults={"month": month, "day": day}
    )
    audit_record(
        actor=actor,
        action="report.town_deadline",
        obj=deadline,
        agency=county,
        details={"month": month, "day": day},
    )
    return deadline


ACTION_LABELS = {
    "report.create": "新建年度报告",
    "report.figures": "填报年度报告数字",
    "report.narrative": "修改年度报告正文",
    "report.redraft": "按最新数据重新起草正文",
    "report.acknowledge": "确认年度报告检查提示",
    "report.publish": "发布年度报告",
    "report.import": "导入已发布的年度报告",
    "report.log_add": "记录工作台账",
    "report.log_delete": "删除工作台账",
    "report.town_deadline": "设置乡镇年报发布期限",
}
