"""The ``gongkai`` command.

Subcommands of the pure cores run without Django (``extract``, ``check``, ``render``);
those that need the platform's data set Django up first (``workdays``, ``calendar``,
``demo``); any other word is handed to Django's management commands
(``gongkai migrate``, ``gongkai createsuperuser``, ``gongkai shell`` …).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

#: subcommand → "module:function"; each function takes argv (without the subcommand)
#: and returns an exit status.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("gongkai.annual.cli:extract_main", "读取年度报告并输出其中的数据"),
    "check": ("gongkai.annual.cli:check_main", "检查年度报告的勾稽关系与一致性"),
    "render": (
        "gongkai.annual.writers.cli:render_main",
        "将年度报告数据输出为 DOCX/HTML/XLSX/文本/JSON",
    ),
    "workdays": ("gongkai.calendars.cli:workdays_main", "工作日计算（法定时限）"),
    "calendar": ("gongkai.calendars.cli:calendar_main", "查看或导入节假日安排"),
    "demo": ("gongkai.demo:demo_main", "创建演示数据"),
}

USAGE = """\
用法: gongkai <子命令> [参数...]

子命令:
{commands}
  <其他>      Django 管理命令，例如 migrate、createsuperuser、shell

Use `gongkai <subcommand> --help` for the options of a subcommand.
"""


def _load(target: str) -> Callable[[Sequence[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[Sequence[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def setup_django() -> None:
    """Configure Django for a CLI command that needs the platform's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    import django

    django.setup()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        commands = "\n".join(f"  {name:<11} {help_}" for name, (_, help_) in SUBCOMMANDS.items())
        print(USAGE.format(commands=commands))
        return 0
    name, rest = args[0], args[1:]
    if name in SUBCOMMANDS:
        try:
            return _load(SUBCOMMANDS[name][0])(rest)
        except BrokenPipeError:
            # The reader of our output went away (e.g. `gongkai extract … | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return 130
    # Everything else is a Django management command.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *args])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
