"""The ``gongkai`` command itself: argparse's own words are Chinese too."""

from __future__ import annotations

import pytest

from gongkai.cli import main


def test_usage_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract"]) == 2
    err = capsys.readouterr().err
    assert "用法：gongkai extract" in err
    assert "缺少必需的参数：FILE" in err
    assert "usage" not in err and "required" not in err


def test_help_headings_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert "选项" in out and "显示帮助信息并退出" in out
    assert "options" not in out and "show this help" not in out
