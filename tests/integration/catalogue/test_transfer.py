"""Bulk import (CSV/XLSX, every row checked, all or nothing) and export of the same columns."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.catalogue import transfer
from gongkai.catalogue.models import Record, RecordEvent, RecordStatus
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = [c.label for c in transfer.COLUMNS if c.imported]
GOOD_ROWS = [
    [
        "gzdt",
        "岢曲镇召开春耕生产动员会",
        "",
        "",
        "农业、林业、水利",
        "春耕",
        "部署春耕",
        "<p>3月5日召开。</p><p>会议要求：</p><ul><li>抓好农资供应</li></ul>",
        "2024-03-05",
        "",
        "",
        "",
    ],
    [
        "gfxwj",
        "岢曲镇农村人居环境整治办法",
        "岢政〔2024〕2号",
        "岢曲镇人民政府",
        "城乡建设、环境保护",
        "",
        "",
        "<p>第一条 为改善农村人居环境……</p>",
        "2024-02-01",
        "",
        "现行有效",
        "",
    ],
    [
        "qtwj",
        '=HYPERLINK("http://evil")关于某事的通知',
        "",
        "",
        "",
        "",
        "",
        "",
        "2024/01/15",
        "",
        "已废止",
        "2024-06-01",
    ],
]


def csv_file(
    rows: list[list[Any]], header: list[str] = HEADER, encoding: str = "utf-8-sig"
) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(
        "import.csv", out.getvalue().encode(encoding), content_type="text/csv"
    )


def xlsx_file(rows: list[list[Any]], header: list[str] = HEADER) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, even where it starts with "="
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("import.xlsx", out.getvalue())


def post_import(user, file) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(reverse("catalogue:record_import"), {"file": file}, follow=True)


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_valid_file_imports_drafts(town, make) -> None:
    response = post_import(town.publisher, make(GOOD_ROWS))
    assert "已导入 3 条信息" in response.content.decode()
    records = {r.title: r for r in Record.objects.all()}
    assert len(records) == 3 and all(r.status == RecordStatus.DRAFT for r in records.values())
    rules = records["岢曲镇农村人居环境整治办法"]
    assert rules.document_no == "岢政〔2024〕2号" and rules.validity == "valid"
    formula = next(r for r in records.values() if r.title.startswith("=HYPERLINK"))
    assert formula.validity == "abolished" and str(formula.abolished_on) == "2024-06-01"
    assert str(formula.written_on) == "2024-01-15"
    assert RecordEvent.objects.filter(kind="imported").count() == 3
    assert AuditEvent.objects.filter(action="record.import_batch").count() == 1


def test_gb18030_csv_from_excel(town) -> None:
    response = post_import(town.publisher, csv_file(GOOD_ROWS[:1], encoding="gb18030"))
    assert "已导入 1 条信息" in response.content.decode()
    assert Record.objects.get().title == "岢曲镇召开春耕生产动员会"


def test_every_bad_row_is_reported_and_nothing_imported(town) -> None:
    rows = [
        GOOD_ROWS[0],
        ["nosuch", "", "", "", "", "", "", "", "2024-13-01", "", "", ""],  # row 3: three problems
        [
            "gzdt",
            "动态",
            "",
            "",
            "",
            "",
            "",
            "",
            "2024-03-01",
            "",
            "现行有效",
            "",
        ],  # row 4: validity on news
        [
            "gfxwj",
            "办法",
            "",
            "",
            "",
            "",
            "",
            "",
            "2024-03-01",
            "",
            "已废止",
            "",
        ],  # row 5: no 废止日期
        ["gzdt", "未来的信息", "", "", "", "", "", "", "2099-01-01", "", "", ""],  # row 6
    ]
    response = post_import(town.publisher, csv_file(rows))
    text = response.content.decode()
    assert "未导入任何信息" in text
    assert Record.objects.count() == 0
    result = response.context["result"]
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "栏目代码"),
        (3, "成文日期"),
        (4, "有效性"),
        (5, "废止日期"),
        (6, "成文日期"),
    } <= found
    assert "栏目代码“nosuch”不存在" in text and "应为 YYYY-MM-DD" in text
    assert "不标注有效性" in text and "请填写废止日期" in text and "不能晚于今天" in text
    assert all(e.row != 2 for e in result.errors)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"foo,bar\n1,2\n", "无法识别的列"),
        ("标题,成文日期\n甲,2024-01-01\n".encode(), "缺少必填列：栏目代码"),
        (b"", "没有内容"),
        (b"%PDF-1.4\n", "只能导入 CSV 或 Excel"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(town, content, message) -> None:
    response = post_import(town.publisher, SimpleUploadedFile("x.csv", content))
    assert message in response.content.decode()
    assert Record.objects.count() == 0


def test_import_needs_the_edit_role(town) -> None:
    client = Client()
    client.force_login(town.reviewer)
    assert (
        client.post(reverse("catalogue:record_import"), {"file": csv_file(GOOD_ROWS)}).status_code
        == 403
    )
    assert Record.objects.count() == 0


def _export(user, fmt: str, **params) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("catalogue:record_export", args=[fmt]), params)


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_round_trip_csv(town, make_staff) -> None:
    post_import(town.publisher, csv_file(GOOD_ROWS))
    exported = _csv_rows(_export(town.publisher, "csv"))
    assert exported[0] == [c.label for c in transfer.COLUMNS]
    imported_part = [row[: len(HEADER)] for row in exported[1:]]
    expected = [list(r) for r in GOOD_ROWS]
    expected[0][3] = expected[2][3] = "测试镇人民政府"  # 发布机构 defaults to the agency
    expected[2][8] = "2024-01-15"  # dates normalised
    expected[2][1] = "'" + expected[2][1]  # a formula is neutralised in the export
    assert sorted(imported_part) == sorted(expected)
    assert all(row[len(HEADER) + 1] == "草稿" for row in exported[1:])
    # the exported file imports again and exports the same
    again = SimpleUploadedFile("again.csv", ("\ufeff" + _to_csv(exported)).encode("utf-8"))
    assert "已导入 3 条信息" in post_import(town.publisher, again).content.decode()
    second = _csv_rows(_export(town.publisher, "csv"))
    assert sorted(r[: len(HEADER)] for r in second[1:]) == sorted(imported_part * 2)
    assert Record.objects.filter(title__startswith="=HYPERLINK").count() == 2


def _to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_round_trip_xlsx(town) -> None:
    post_import(town.publisher, xlsx_file(GOOD_ROWS))
    response = _export(town.publisher, "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == [c.label for c in transfer.COLUMNS]
    formula_cells = [c for row in workbook.active.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    out = io.BytesIO()
    workbook.save(out)
    before = sorted(
        (r.title, r.category_id, r.written_on, r.validity, r.body_html)
        for r in Record.objects.all()
    )
    response = post_import(town.publisher, SimpleUploadedFile("again.xlsx", out.getvalue()))
    assert "已导入 3 条信息" in response.content.decode()
    after = sorted(
        (r.title, r.category_id, r.written_on, r.validity, r.body_html)
        for r in Record.objects.all()
    )
    assert after == sorted(before * 2)


def test_export_follows_filters_and_permissions(make_record, town) -> None:
    make_record("published", title="已发布的")
    make_record("draft", title="草稿的")
    rows = _csv_rows(_export(town.publisher, "csv", status="published"))
    assert [r[1] for r in rows[1:]] == ["已发布的"]
    assert _csv_rows(_export(town.outsider, "csv"))[1:] == []
    published = _csv_rows(_export(town.supervisor, "csv", status="published"))
    assert published[1][-3].startswith("TWN-GZDT-")
