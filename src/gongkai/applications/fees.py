"""信息处理费 (条例第四十二条; 《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号).

Pure functions (no Django): the amount and its breakdown under either method. Both methods
charge progressively by excess (超额累进, 办法第三条): each band's rate applies only to the part
falling in that band, and one application is charged under one method only.

* 按件计收 (办法第四条): counted over the same applicant's applications in one calendar month
  (自然月); the 1st–10th are free, the 11th–30th cost 100 元 each, and from the 31st every further
  band of 10 applications adds 100 元 per application. An application may be split at a
  reasonable smallest unit (「一事一申请」), each part counting as one application.
* 按量计收 (办法第五条): by the pages of one application when the information is provided as
  paper copies, by email or as copied electronic data; 1–30 pages free, 31–100 10 元/页,
  101–200 20 元/页, 201 and more 40 元/页.

Amounts are whole yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Method = Literal["per_application", "per_page"]

BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
BASIS_BY_METHOD: dict[str, str] = {
    "per_application": f"《中华人民共和国政府信息公开条例》第四十二条、{BASIS}第四条",
    "per_page": f"《中华人民共和国政府信息公开条例》第四十二条、{BASIS}第五条",
}
METHOD_LABELS: dict[str, str] = {"per_application": "按件计收", "per_page": "按量计收"}

#: 办法第四条: applications 1–10 in a calendar month are free, 11–30 cost 100 元 each.
PER_APPLICATION_FREE = 10
PER_APPLICATION_FIRST_BAND_END = 30
PER_APPLICATION_STEP = 10  # 「以10件为一档」
PER_APPLICATION_RATE_STEP = 100  # each band adds 100 元 per application

#: 办法第五条: (first page, last page or None, 元 per page).
PER_PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

#: 办法 (◑, DOMAIN.md §2.5): payment within 20 working days from the day after the applicant
#: receives the fee notice; otherwise the application is deemed abandoned (table 三 (六)2).
PAYMENT_WORKING_DAYS = 20


@dataclass(frozen=True)
class FeeLine:
    """One band of the computation: ``quantity`` units at ``rate`` 元."""

    first: int
    last: int
    rate: int
    unit: str  # "件" or "页"

    @property
    def quantity(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.quantity * self.rate

    @property
    def label(self) -> str:
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else (f"第{self.first}–{self.last}{self.unit}")
        )
        if self.rate == 0:
            return f"{span}：{self.quantity}{self.unit}，免费"
        return f"{span}：{self.quantity}{self.unit} × {self.rate}元/{self.unit} = {self.amount}元"


@dataclass(frozen=True)
class FeeComputation:
    method: Method
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def basis(self) -> str:
        return BASIS_BY_METHOD[self.method]

    @property
    def chargeable(self) -> bool:
        return self.total > 0

    def breakdown(self) -> list[str]:
        """Chinese lines for the 收费通知书 and the staff page, ending with the total."""
        return [line.label for line in self.lines] + [f"合计：{self.total}元"]


def per_application_rate(position: int) -> int:
    """The fee in 元 for the applicant's ``position``-th application of the calendar month
    (办法第四条): 0 for 1–10, 100 for 11–30, then +100 per band of 10: 200 for 31–40 …"""
    if position < 1:
        raise ValueError("position starts at 1")
    if position <= PER_APPLICATION_FREE:
        return 0
    if position <= PER_APPLICATION_FIRST_BAND_END:
        return PER_APPLICATION_RATE_STEP
    band = -(-(position - PER_APPLICATION_FIRST_BAND_END) // PER_APPLICATION_STEP)  # ceil
    return PER_APPLICATION_RATE_STEP * (1 + band)


def per_application_fee(*, earlier_in_month: int, count: int = 1) -> FeeComputation:
    """The fee for ``count`` applications (or parts of one split under 「一事一申请」) when the
    applicant already filed ``earlier_in_month`` applications in the same calendar month."""
    if earlier_in_month < 0 or count < 1:
        raise ValueError("earlier_in_month >= 0 and count >= 1")
    lines: list[FeeLine] = []
    first = earlier_in_month + 1
    last = earlier_in_month + count
    position = first
    while position <= last:
        rate = per_application_rate(position)
        end = position
        while end < last and per_application_rate(end + 1) == rate:
            end += 1
        lines.append(FeeLine(position, end, rate, "件"))
        position = end + 1
    return FeeComputation("per_application", tuple(lines))


def per_page_fee(pages: int) -> FeeComputation:
    """The fee for one application provided in ``pages`` pages (办法第五条)."""
    if pages < 0:
        raise ValueError("pages >= 0")
    lines = []
    for first, last, rate in PER_PAGE_BANDS:
        if pages < first:
            break
        end = pages if last is None else min(last, pages)
        lines.append(FeeLine(first, end, rate, "页"))
    return FeeComputation("per_page", tuple(lines))


def compute_fee(
    method: Method, *, pages: int = 0, earlier_in_month: int = 0, count: int = 1
) -> FeeComputation:
    """One method per application (办法第三条)."""
    if method == "per_application":
        return per_application_fee(earlier_in_month=earlier_in_month, count=count)
    if method == "per_page":
        return per_page_fee(pages)
    raise ValueError(f"unknown fee method {method!r}")
