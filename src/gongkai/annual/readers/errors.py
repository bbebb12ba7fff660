"""Why a text is not read as a 2021-format annual report.

A reader raises :class:`NotAReport` (or one of its kinds) with a one-line reason in
Chinese and English; the CLI prints ``.reason`` and exits without a traceback.
"""

from __future__ import annotations

from typing import ClassVar


class NotAReport(Exception):
    """The input is not a 政府信息公开工作年度报告 in the 2021 national format."""

    kind: ClassVar[str] = "not-a-report"
    default_reason: ClassVar[str] = (
        "不是政府信息公开工作年度报告：未找到年度报告的统计表格 "
        "(not an annual report: no report table found)"
    )

    def __init__(self, reason: str | None = None, *, source: str = "") -> None:
        self.reason = reason or self.default_reason
        self.source = source
        super().__init__(f"{source}: {self.reason}" if source else self.reason)


class OldFormatReport(NotAReport):
    """A report in the 2019 trial format (国办公开办函〔2019〕60号), replaced by 30号 in 2021."""

    kind: ClassVar[str] = "old-format"
    default_reason: ClassVar[str] = (
        "按 2019 年试行格式（国办公开办函〔2019〕60号）编制的年度报告，"
        "不是 2021 年格式（国办公开办函〔2021〕30号） "
        "(an annual report in the 2019 trial format, not the 2021 format)"
    )


class UnreadableReport(NotAReport):
    """Looks like an annual report, but its tables could not be read at all."""

    kind: ClassVar[str] = "unreadable"
    default_reason: ClassVar[str] = (
        "看起来是年度报告，但无法读出其中的统计表格 "
        "(looks like an annual report, but its tables could not be read)"
    )


__all__ = ["NotAReport", "OldFormatReport", "UnreadableReport"]
