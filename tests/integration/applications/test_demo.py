"""The demo applications: 岢曲镇's 2024 outcomes and every open stage; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai import demo
from gongkai.annual.format import OUTCOME_ROW_KEYS
from gongkai.applications import selectors
from gongkai.applications.models import Application, Stage

pytestmark = pytest.mark.django_db


def test_demo_applications(capsys: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    assert demo.demo_main([]) == 0
    assert "依申请公开演示申请" in capsys.readouterr().out
    from gongkai.agencies.models import Agency

    town = Agency.objects.get(code="KQZ")
    table = selectors.annual_applications_table(agency_ids=[town.pk], year=2024)
    filled = [k for k in OUTCOME_ROW_KEYS if table[k][-1]]
    assert len(filled) >= 5
    assert table["carried_out"][-1] == 2
    stages = set(Application.objects.filter(agency=town).values_list("stage", flat=True))
    assert stages >= {s.value for s in Stage if s != Stage.DISCARDED}
    assert Application.objects.exclude(agency=town).exists()
    count = Application.objects.count()
    assert demo.demo_main([]) == 0
    assert Application.objects.count() == count
    assert "已存在" in capsys.readouterr().out
