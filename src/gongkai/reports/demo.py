"""Demo data of annual reports (a ``gongkai.demo.DEMO_HOOKS`` entry, run after the
catalogue's and the applications' demo data):

* 岢曲镇人民政府's 2023 report imported from its published text (the seed report), so that its
  结转下年度 is the 2024 report's 上年结转;
* its 工作台账 for 2023 (the facts the seed's narrative states) and 2024;
* a 行政复议 case of 2024 (upheld);
* its 2024 report computed from the demo data, completed, checked and published on
  2025-01-20 (the county's date for towns is set to 20 February);
* a draft 2024 report of 内乡县自然资源局 (figures not yet entered), so that the county's
  roll-up shows a draft with errors beside a published report and agencies not started.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib.resources import files
from typing import Any

from django.db import transaction

from gongkai.appeals import services as appeal_services
from gongkai.appeals.models import AppealCase
from gongkai.reports import selectors, services
from gongkai.reports.checks import finding_key, run_checks
from gongkai.reports.models import AnnualReport, TownDeadline, WorkLogEntry
from gongkai.reports.services import EnteredFigures

TOWN, COUNTY, RESOURCES = "KQZ", "NXX", "NXZRZYJ"

LOG_2023 = [
    (
        date(2023, 3, 1),
        "supervision_phone",
        "公布政府信息公开监督电话 0377-65420002，全年未收到反映问题的来电",
        0,
    ),
    (
        date(2023, 6, 15),
        "training",
        "派信息公开专干赴南阳参加政务公开线下培训，学习新闻及信息公开知识",
        None,
    ),
    (date(2023, 12, 31), "other_platform", "“岢曲镇微服务”微信公众号截至年底累计发送 918 期", 918),
    (date(2023, 12, 31), "other_platform", "持续向“云上内乡”等信息平台上传工作动态", None),
]
LOG_2024 = [
    (date(2024, 3, 15), "rules", "修订本镇政府信息公开保密审查制度，明确审查人和审查时限", None),
    (date(2024, 6, 12), "training", "派信息公开专干赴南阳参加全市政务公开业务培训", None),
    (
        date(2024, 12, 20),
        "assessment",
        "将政府信息公开工作纳入各村和站所年度目标考核，全年未发生责任追究情形",
        None,
    ),
    (date(2024, 12, 31), "other_platform", "“岢曲镇微服务”微信公众号全年推送信息 96 期", 96),
    (
        date(2024, 12, 31),
        "supervision_phone",
        "监督电话 0377-65420002 全年未接到反映政府信息公开问题的来电",
        0,
    ),
]
PROBLEMS_2024 = (
    "一是部分工作人员对政府信息公开的认识还需提高；二是依申请公开的办理流程需进一步规范；"
    "三是政策解读的形式还不够丰富。下一步，我镇将加强业务培训，严格执行保密审查和依申请公开的"
    "各项时限，丰富解读形式，不断提升政府信息公开工作水平。"
)


def _log(agency: Any, entries: list[tuple[date, str, str, int | None]]) -> int:
    for on, kind, text, figure in entries:
        services.log_add(actor=None, agency=agency, on=on, kind=kind, text=text, figure=figure)
    return len(entries)


def _seed_bytes() -> bytes:
    return files("gongkai.catalogue").joinpath("data/seed/kqz-2023-annual-report.txt").read_bytes()


def build_reports_demo(data: Any) -> list[str]:
    agencies = data.agencies
    town = agencies[TOWN]
    if AnnualReport.objects.filter(agency=town).exists():
        return ["年度报告演示数据已存在，未作改动。"]
    with transaction.atomic():
        TownDeadline.objects.get_or_create(
            county=agencies[COUNTY], defaults={"month": 2, "day": 20}
        )
        services.report_import(
            actor=None,
            agency=town,
            data=_seed_bytes(),
            name="岢曲镇人民政府2023年政府信息公开工作年度报告.txt",
            published_on=date(2024, 1, 19),
        )
        if not WorkLogEntry.objects.filter(agency=town).exists():
            _log(town, LOG_2023)
            _log(town, LOG_2024)
        if not AppealCase.objects.filter(agency=town).exists():
            appeal_services.case_create(
                actor=None,
                agency=town,
                data=appeal_services.CaseData(
                    kind="reconsideration",
                    body="内乡县人民政府",
                    case_number="内政复〔2024〕15号",
                    applicant="申请人（演示）",
                    subject="不服政府信息公开申请答复（演示数据）",
                    filed_on=date(2024, 8, 5),
                    decided_on=date(2024, 10, 9),
                    result="upheld",
                ),
            )
        report = services.report_create(actor=None, agency=town, year=2024)
        report = services.figures_update(
            actor=None,
            report=report,
            figures=EnteredFigures(
                licensing=0,
                penalty=0,
                enforcement=0,
                fees_wan_yuan=Decimal("0"),
                figures_source="镇党政综合办公室汇总县政务服务平台和行政执法系统数据（演示数据）",
                fee_notices=0,
            ),
        )
        report = services.narrative_redraft(actor=None, report=report, part="other")
        services.narrative_update(actor=None, report=report, parts={"problems": PROBLEMS_2024})
        report.refresh_from_db()
        space = selectors.workspace(report)
        result = run_checks(
            report,
            space.computed,
            previous=selectors.previous_report(report),
            stale_parts=space.stale_parts,
        )
        for finding in result.open_warnings:
            services.warning_acknowledge(
                actor=None, report=report, key=finding_key(finding), note="已核实（演示数据）"
            )
        version = services.report_publish(actor=None, report=report, today=date(2025, 1, 20))
        services.report_create(actor=None, agency=agencies[RESOURCES], year=2024)
    return [
        "年度报告演示数据：岢曲镇人民政府2023年度报告（导入）、2024年度报告"
        f"（第{version.number}版，{version.published_on}发布），内乡县自然资源局2024年度报告草稿。"
    ]
