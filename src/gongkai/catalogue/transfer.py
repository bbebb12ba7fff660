"""Bulk import and export of records: CSV (UTF-8, or GB18030 as Excel saves it) and XLSX.

One column set (:data:`COLUMNS`) for both directions, documented in docs/catalogue.md. The
last three columns (索引号, 状态, 发布日期) are written by the export and ignored by the
import: the platform assigns them when a record is published.

Reading is in two phases (STYLE.md, example 2): :func:`read_table` turns the file into raw
rows (or refuses the file as a whole); :func:`validate_rows` checks every row and collects
every problem with its row number and column, in Chinese. Nothing is imported unless every
row is valid (:func:`gongkai.catalogue.services.records_import`, one transaction).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Category, Record, Validity
from gongkai.catalogue.services.records import RecordData, clean_record_values
from gongkai.core.uploads import sniff, validate_upload


@dataclass(frozen=True)
class Column:
    key: str  # RecordData field, or a read-only attribute
    label: str
    required: bool = False
    imported: bool = True
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("category", "栏目代码", True, help="标准栏目或本机关栏目的代码，例如 gzdt（工作动态）"),
    Column("title", "标题", True),
    Column("document_no", "文号"),
    Column("publisher", "发布机构", help="留空则为本机关名称"),
    Column("subject", "主题分类"),
    Column("keywords", "关键词"),
    Column("summary", "内容概述"),
    Column("body_html", "正文", help="纯文本（每行一段）或 HTML"),
    Column("written_on", "成文日期", True, help="YYYY-MM-DD"),
    Column("changed_on", "变更日期", help="YYYY-MM-DD"),
    Column("validity", "有效性", help="现行有效、已修改、已废止；非政策文件留空"),
    Column("abolished_on", "废止日期", help="已废止的文件填写，YYYY-MM-DD"),
    Column("index_no", "索引号", imported=False, help="导出时填写，导入时忽略"),
    Column("status", "状态", imported=False, help="导出时填写，导入时忽略"),
    Column("published_on", "发布日期", imported=False, help="导出时填写，导入时忽略"),
)
BY_LABEL: dict[str, Column] = {c.label: c for c in COLUMNS}
LABEL: dict[str, str] = {c.key: c.label for c in COLUMNS}
DATE_KEYS = frozenset({"written_on", "changed_on", "abolished_on", "published_on"})
VALIDITY_BY_LABEL: dict[str, str] = {str(v.label): v.value for v in Validity if v.value}
MAX_ROWS = 5000
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(ValidationError):
    """The file as a whole cannot be imported (type, encoding, header)."""


@dataclass
class RawRow:
    number: int  # the row number as a spreadsheet shows it (the header is row 1)
    cells: dict[str, Any]  # column key → raw value (str, or date from XLSX cells)


@dataclass
class RowError:
    row: int
    column: str  # the column label, or "" for the whole row
    message: str


@dataclass
class ValidatedImport:
    rows: list[tuple[int, RecordData]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# --- phase 1: the file into raw rows -------------------------------------------------------


def read_table(file: Any, *, max_bytes: int) -> tuple[list[str], list[RawRow]]:
    """Header labels and raw rows of a CSV or XLSX upload; ImportFileError if unreadable."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if sniff(head) == "zip":
        validate_upload(file, kinds={"xlsx"}, max_bytes=max_bytes)
        file.seek(0)
        return _read_xlsx(file.read())
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportFileError(_("文件过大。"), code="too_large")
    if sniff(data) is not None or b"\x00" in data[:4096]:
        raise ImportFileError(_("只能导入 CSV 或 Excel（XLSX）文件。"), code="unsupported")
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 文件。"), code="encoding")


def _read_csv(text: str) -> tuple[list[str], list[RawRow]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFileError(
            _("CSV 文件格式有误：%(error)s") % {"error": exc}, code="csv"
        ) from exc
    return _split(rows)


def _read_xlsx(data: bytes) -> tuple[list[str], list[RawRow]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return _split(rows)


def _split(rows: list[list[Any]]) -> tuple[list[str], list[RawRow]]:
    while rows and all(_blank(v) for v in rows[0]):
        rows = rows[1:]
    if not rows:
        raise ImportFileError(_("文件中没有内容。"), code="empty")
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    unknown = [h for h in header if h and h not in BY_LABEL]
    if unknown:
        raise ImportFileError(
            _("无法识别的列：%(columns)s。列名须与模板一致。") % {"columns": "、".join(unknown)},
            code="header",
        )
    seen = [h for h in header if h]
    duplicates = sorted({h for h in seen if seen.count(h) > 1})
    if duplicates:
        raise ImportFileError(
            _("列重复：%(columns)s。") % {"columns": "、".join(duplicates)}, code="header"
        )
    missing = [c.label for c in COLUMNS if c.required and c.label not in header]
    if missing:
        raise ImportFileError(
            _("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)}, code="header"
        )
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}, code="too_many")
    raw: list[RawRow] = []
    for offset, values in enumerate(body):
        if all(_blank(v) for v in values):
            continue
        cells = {
            BY_LABEL[label].key: values[i] if i < len(values) else None
            for i, label in enumerate(header)
            if label
        }
        raw.append(RawRow(number=offset + 2, cells=cells))
    return header, raw


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- phase 2: every row checked ------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in _FORMULA_START:
        text = text[1:]  # the export's guard against formula injection
    return text


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(str(value))
    if not match:
        raise ValueError
    return date(int(match[1]), int(match[2]), int(match[3]))


def validate_rows(*, agency: Agency, header: list[str], rows: list[RawRow]) -> ValidatedImport:
    """Every row checked; all problems collected (never stops at the first)."""
    result = ValidatedImport(
        ignored_columns=[h for h in header if h in BY_LABEL and not BY_LABEL[h].imported]
    )
    if not rows:
        result.errors.append(RowError(0, "", _("文件中没有数据行。")))
        return result
    categories = {c.code: c for c in Category.objects.filter(agency__isnull=True)}
    categories.update({c.code: c for c in Category.objects.filter(agency=agency)})
    for raw in rows:
        errors: list[RowError] = []
        values: dict[str, Any] = {}
        for column in COLUMNS:
            if not column.imported:
                continue
            value = raw.cells.get(column.key)
            if column.key == "category":
                code = _text(value).lower()
                if not code:
                    errors.append(RowError(raw.number, column.label, _("请填写栏目代码。")))
                elif code not in categories:
                    errors.append(
                        RowError(
                            raw.number,
                            column.label,
                            _("栏目代码“%(code)s”不存在。") % {"code": code},
                        )
                    )
                else:
                    values["category"] = categories[code]
            elif column.key in DATE_KEYS:
                try:
                    values[column.key] = _date(value)
                except ValueError:
                    errors.append(
                        RowError(
                            raw.number,
                            column.label,
                            _("日期“%(value)s”格式有误，应为 YYYY-MM-DD。")
                            % {"value": _text(value)},
                        )
                    )
            elif column.key == "validity":
                label = _text(value)
                if label and label not in VALIDITY_BY_LABEL:
                    errors.append(
                        RowError(
                            raw.number,
                            column.label,
                            _("有效性“%(value)s”无法识别，应为现行有效、已修改或已废止。")
                            % {"value": label},
                        )
                    )
                values["validity"] = VALIDITY_BY_LABEL.get(label, "")
            else:
                values[column.key] = _text(value)
        if not errors:
            try:
                clean_record_values(agency=agency, values=values)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        errors.append(RowError(raw.number, LABEL.get(key, ""), message))
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(
            (
                raw.number,
                RecordData(
                    **{k: v for k, v in values.items() if k in RecordData.__dataclass_fields__}
                ),
            )
        )
    return result


# --- export --------------------------------------------------------------------------------


def _guard(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_values(record: Record) -> list[Any]:
    """One record as the values of :data:`COLUMNS` (dates as dates, text guarded)."""
    values: list[Any] = []
    for column in COLUMNS:
        if column.key == "category":
            values.append(record.category.code)
        elif column.key == "validity":
            values.append(str(Validity(record.validity).label) if record.validity else "")
        elif column.key == "status":
            values.append(record.get_status_display())
        elif column.key in DATE_KEYS:
            values.append(getattr(record, column.key))
        else:
            values.append(_guard(getattr(record, column.key) or ""))
    return values


def export_csv(records: Iterable[Record]) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM so that Excel opens it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([c.label for c in COLUMNS])
    yield "\ufeff" + flush()
    for record in records:
        writer.writerow(
            [v.isoformat() if isinstance(v, date) else v for v in export_values(record)]
        )
        yield flush()


def export_xlsx(records: Iterable[Record]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("主动公开信息")
    sheet.append([c.label for c in COLUMNS])
    for record in records:
        cells = []
        for value in export_values(record):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_rows() -> list[list[str]]:
    """The header and one example row (the import template)."""
    example = {
        "category": "gzdt",
        "title": "岢曲镇召开2024年安全生产工作会议",
        "publisher": "",
        "body_html": "3月5日，镇政府召开安全生产工作会议。",
        "written_on": "2024-03-05",
    }
    return [[c.label for c in COLUMNS], [example.get(c.key, "") for c in COLUMNS]]
