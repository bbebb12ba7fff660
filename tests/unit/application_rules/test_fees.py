"""信息处理费 (国办函〔2020〕109号 第四、五条): DOMAIN.md §2 examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.fees import (
    compute_fee,
    per_application_fee,
    per_application_rate,
    per_page_fee,
)


@pytest.mark.parametrize(
    ("position", "rate"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (61, 500),
    ],
)
def test_per_application_rate(position: int, rate: int) -> None:
    assert per_application_rate(position) == rate


def test_35_applications_in_a_month_cost_3000() -> None:
    # DOMAIN.md §2.3: 1–10 free, 11–30 20×100, 31–35 5×200
    fee = per_application_fee(earlier_in_month=0, count=35)
    assert fee.total == 3000
    assert fee.breakdown() == [
        "第1–10件：10件，免费",
        "第11–30件：20件 × 100元/件 = 2000元",
        "第31–35件：5件 × 200元/件 = 1000元",
        "合计：3000元",
    ]
    assert "第四条" in fee.basis and "国办函〔2020〕109号" in fee.basis


def test_the_eleventh_application_of_the_month_costs_100() -> None:
    fee = per_application_fee(earlier_in_month=10)
    assert fee.total == 100
    assert fee.breakdown() == ["第11件：1件 × 100元/件 = 100元", "合计：100元"]


def test_250_pages_cost_4700() -> None:
    # DOMAIN.md §2.4: 30 free, 70×10, 100×20, 50×40
    fee = per_page_fee(250)
    assert fee.total == 4700
    assert [line.amount for line in fee.lines] == [0, 700, 2000, 2000]
    assert "第五条" in fee.basis


@pytest.mark.parametrize(
    ("pages", "total"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_page_band_edges(pages: int, total: int) -> None:
    assert per_page_fee(pages).total == total


def test_one_method_per_application() -> None:
    assert compute_fee("per_page", pages=31).method_label == "按量计收"
    assert compute_fee("per_application", earlier_in_month=10).method_label == "按件计收"
    with pytest.raises(ValueError):
        compute_fee("both", pages=1)  # type: ignore[arg-type]


@given(st.integers(0, 500), st.integers(1, 60))
def test_split_charges_add_up(earlier: int, count: int) -> None:
    # charging k applications at once = charging them one by one (progressive by excess)
    together = per_application_fee(earlier_in_month=earlier, count=count).total
    one_by_one = sum(per_application_rate(earlier + i + 1) for i in range(count))
    assert together == one_by_one


@given(st.integers(0, 2000))
def test_page_fee_is_monotone_and_progressive(pages: int) -> None:
    fee = per_page_fee(pages)
    assert sum(line.quantity for line in fee.lines) == pages
    assert per_page_fee(pages + 1).total >= fee.total
    assert fee.total <= 40 * pages


@given(st.integers(1, 1000))
def test_rate_grows_by_100_each_band_of_10_after_30(position: int) -> None:
    rate = per_application_rate(position)
    if position > 30:
        assert rate == per_application_rate(position - 10) + 100 or position <= 40
    assert rate % 100 == 0
