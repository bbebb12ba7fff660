"""The workflow table: every (stage, action) pair is either a row or refused in Chinese."""

from __future__ import annotations

import pytest

from gongkai.agencies.permissions import ROLE_PERMISSIONS
from gongkai.applications.models import Stage
from gongkai.applications.workflow import TRANSITIONS, Action, WorkflowError, transition


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("action", list(Action))
def test_every_pair(stage: Stage, action: Action) -> None:
    if (stage, action) in TRANSITIONS:
        row = transition(stage, action)
        assert any(row.perm in perms for perms in ROLE_PERMISSIONS.values())
    else:
        with pytest.raises(WorkflowError) as exc:
            transition(stage, action)
        assert "不能执行" in exc.value.messages[0]


def test_closed_stages_do_not_reopen() -> None:
    for (stage, _action), row in TRANSITIONS.items():
        if stage in (Stage.REPLIED, Stage.DELIVERED, Stage.ARCHIVED):
            assert row.target in (None, Stage.DELIVERED, Stage.ARCHIVED)
    assert not [a for (s, a) in TRANSITIONS if s in (Stage.ARCHIVED, Stage.DISCARDED)]
