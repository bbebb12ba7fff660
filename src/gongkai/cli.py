"""The ``gongkai`` command.

Subcommands of the pure cores run without Django (``extract``, ``check``, ``render``);
those that need the platform's data set Django up first (``workdays``, ``calendar``,
``demo``); any other word is handed to Django's management commands
(``gongkai migrate``, ``gongkai createsuperuser``, ``gongkai shell`` …).
"""

from __future__ import annotations

import argparse
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
    "backup": ("gongkai.core.cli:backup_main", "备份数据库和上传文件到一个文件"),
    "restore": ("gongkai.core.cli:restore_main", "从备份文件恢复到空数据库"),
    "selfcheck": ("gongkai.core.cli:selfcheck_main", "部署安全检查（Django check --deploy）"),
    "secretkey": ("gongkai.core.cli:secretkey_main", "生成 SECRET_KEY 文件"),
    "rekey": ("gongkai.core.cli:rekey_main", "轮换密钥后重新加密申请人个人信息"),
    "applications": (
        "gongkai.applications.cli:applications_main",
        "依申请公开：年报表三统计、重算答复期限",
    ),
    "remind": ("gongkai.applications.cli:remind_main", "发送依申请公开答复期限提醒"),
    "catalogue": (
        "gongkai.catalogue.cli:catalogue_main",
        "主动公开：同步标准栏目、重算发布用时、年报数据",
    ),
    "reindex": ("gongkai.catalogue.search.cli:reindex_main", "重建或检查全文检索索引"),
    "report": ("gongkai.reports.cli:report_main", "由平台数据编制年度报告（DOCX/PDF/HTML/JSON）"),
}

USAGE = """\
用法: gongkai <子命令> [参数...]

子命令:
{commands}
  <其他>      Django 管理命令，例如 migrate、createsuperuser、shell

Use `gongkai <subcommand> --help` for the options of a subcommand.
"""


#: The words argparse prints itself (headings, usage errors), in Chinese: the command's own help
#: texts are Chinese already, and a user should not meet English in between.
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助信息并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选项：%(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可能是：%(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须提供一个",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def _argparse_in_chinese() -> None:
    def translate(message: str) -> str:
        return ARGPARSE_ZH.get(message, message)

    def ntranslate(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return "需要 %s 个值"
        return singular if n == 1 else plural

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = ntranslate  # type: ignore[attr-defined]


def _load(target: str) -> Callable[[Sequence[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[Sequence[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def setup_django() -> None:
    """Configure Django for a CLI command that needs the platform's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    import django

    django.setup()
    _mark_command_line()


def _mark_command_line() -> None:
    """Audit rows written by this process say they came from the command line, and whose."""
    import getpass

    from gongkai.core import requestctx

    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (containers)
        account = str(os.getuid())
    requestctx.set_for_process(requestctx.Origin(channel="cli", os_user=account))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        commands = "\n".join(f"  {name:<11} {help_}" for name, (_, help_) in SUBCOMMANDS.items())
        print(USAGE.format(commands=commands))
        return 0
    name, rest = args[0], args[1:]
    from django.core.exceptions import ImproperlyConfigured

    try:
        return _dispatch(name, rest)
    except ImproperlyConfigured as exc:
        # e.g. production without SECRET_KEY: one line, not a traceback
        print(f"gongkai：配置错误：{exc}", file=sys.stderr)
        return 1


def _dispatch(name: str, rest: list[str]) -> int:
    if name in SUBCOMMANDS:
        _argparse_in_chinese()
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

    _mark_command_line()
    execute_from_command_line(["gongkai", name, *rest])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
