"""居民身份证 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015) checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.identity import (
    USCC_ALPHABET,
    mask_id_number,
    normalise_id_number,
    resident_id_birth_date,
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
    uscc_problem,
    validate_id_number,
    validate_resident_id,
    validate_uscc,
)

# The example of GB 11643-1999 and the sample code printed in guides to GB 32100-2015.
KNOWN_RESIDENT_IDS = ["11010519491231002X"]
KNOWN_USCC = ["91350100M000100Y43"]


@pytest.mark.parametrize("number", KNOWN_RESIDENT_IDS)
def test_known_resident_ids_are_valid(number: str) -> None:
    assert resident_id_problem(number) is None
    validate_resident_id(number)


def test_birth_date_is_read() -> None:
    assert resident_id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)


@pytest.mark.parametrize("number", KNOWN_USCC)
def test_known_uscc_are_valid(number: str) -> None:
    assert uscc_problem(number) is None
    validate_uscc(number)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("11010519491231002", "length"),
        ("1101051949123100XX", "characters"),
        ("99010519491231002X", "region"),
        ("110105194902300021", "birth_date"),
        ("110105189912310021", "birth_date"),
        ("110105209912310021", "future_birth_date"),
        ("110105194912310021", "checksum"),
    ],
)
def test_resident_id_problems(number: str, problem: str) -> None:
    assert resident_id_problem(number, today=dt.date(2026, 1, 1)) == problem


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100YI3", "characters"),
        ("01350100M000100Y43", "registrar"),
        ("9135A100M000100Y43", "region"),
        ("91350100M000100Y44", "checksum"),
    ],
)
def test_uscc_problems(number: str, problem: str) -> None:
    assert uscc_problem(number) == problem


def test_messages_are_chinese_and_name_the_part() -> None:
    with pytest.raises(ValidationError) as info:
        validate_resident_id("110105194912310021")
    assert "校验位" in info.value.messages[0]
    assert info.value.code == "resident_id_checksum"
    with pytest.raises(ValidationError) as info:
        validate_uscc("9135")
    assert info.value.messages[0] == "统一社会信用代码应为 18 位，您填写了 4 位。"


def test_normalisation_accepts_lower_x_full_width_and_spaces() -> None:
    assert normalise_id_number("１１０１０５ 19491231 002x") == "11010519491231002X"
    assert validate_id_number("resident_id", "11010519491231002x") == "11010519491231002X"


def test_other_documents_are_checked_for_shape_only() -> None:
    assert validate_id_number("passport", "e12345678") == "E12345678"
    with pytest.raises(ValidationError):
        validate_id_number("passport", "你好")
    with pytest.raises(ValidationError):
        validate_id_number("nonsense", "E12345678")


def test_mask() -> None:
    assert mask_id_number("11010519491231002X") == "110*************2X"
    assert mask_id_number("abc") == "***"


# --- properties -----------------------------------------------------------------------------

provinces = st.sampled_from(["11", "31", "41", "44", "65", "81"])
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    body = (
        draw(provinces)
        + draw(st.text("0123456789", min_size=4, max_size=4))
        + draw(birth_dates).strftime("%Y%m%d")
        + draw(st.text("0123456789", min_size=3, max_size=3))
    )
    return body + resident_id_check_char(body)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    body = (
        draw(st.sampled_from("159ANY"))
        + draw(st.sampled_from("123"))
        + draw(st.text("0123456789", min_size=6, max_size=6))
        + draw(st.text(USCC_ALPHABET, min_size=9, max_size=9))
    )
    return body + uscc_check_char(body)


@given(resident_ids())
def test_generated_resident_ids_are_valid(number: str) -> None:
    assert resident_id_problem(number, today=dt.date(2026, 1, 1)) is None


@given(resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_one_changed_character_is_caught(number: str, index: int, char: str) -> None:
    # MOD 11-2 detects every single substitution: the changed number is never valid
    if number[index] == char or (index < 17 and char == "X"):
        return
    changed = number[:index] + char + number[index + 1 :]
    assert resident_id_problem(changed, today=dt.date(2026, 1, 1)) is not None


@given(resident_ids(), st.integers(0, 16))
def test_swapped_neighbours_are_caught(number: str, index: int) -> None:
    a, b = number[index], number[index + 1]
    if a == b or "X" in (a, b):
        return
    changed = number[:index] + b + a + number[index + 2 :]
    assert resident_id_problem(changed, today=dt.date(2026, 1, 1)) is not None


@given(usccs())
def test_generated_usccs_are_valid(number: str) -> None:
    assert uscc_problem(number) is None


@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_one_changed_uscc_character_is_caught(number: str, index: int, char: str) -> None:
    if number[index] == char:
        return
    changed = number[:index] + char + number[index + 1 :]
    assert uscc_problem(changed) is not None


@given(st.text(max_size=40))
def test_any_text_gives_a_verdict_not_a_crash(text: str) -> None:
    normalised = normalise_id_number(text)
    assert resident_id_problem(normalised) in {
        None,
        "length",
        "characters",
        "region",
        "birth_date",
        "future_birth_date",
        "checksum",
    }
    assert uscc_problem(normalised) in {
        None,
        "length",
        "characters",
        "registrar",
        "region",
        "checksum",
    }
