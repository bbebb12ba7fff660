"""Shared fixtures for the working-day calendar tests."""

from __future__ import annotations

import pytest

from gongkai.workdays import Calendar, YearSchedule

from .samples import sample_2027


@pytest.fixture(scope="session")
def schedule_2027() -> YearSchedule:
    return sample_2027()


@pytest.fixture(scope="session")
def official() -> Calendar:
    return Calendar.official()


@pytest.fixture(scope="session")
def with_2027(schedule_2027: YearSchedule) -> Calendar:
    return Calendar.official([schedule_2027])
