"""``gongkai backup``, ``gongkai restore``, ``gongkai selfcheck``, ``gongkai secretkey`` and
``gongkai rekey``.

Exit status: 0 success, 1 refused or failed (one Chinese line on stderr), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from gongkai.cli import setup_django

#: Length of a generated SECRET_KEY (Django's deployment check asks for at least 50).
SECRET_KEY_LENGTH = 64


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def backup_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai backup",
        description="把数据库和全部上传文件备份到一个文件（.tar.gz）。网站运行时也可备份。",
    )
    parser.add_argument("file", help="备份文件，例如 gongkai-2025-01-31.tar.gz（不会覆盖已有文件）")
    args = parser.parse_args(list(argv))
    setup_django()
    from django.db import transaction

    from gongkai.core.audit import audit_record
    from gongkai.core.backup import BackupError, backup_create

    try:
        summary = backup_create(path=Path(args.file))
    except BackupError as exc:
        print(f"gongkai backup：{exc}", file=sys.stderr)
        return 1
    with transaction.atomic():
        audit_record(
            actor=None,
            action="backup.create",
            object_type="backup",
            details={"file": str(summary.path), "files": summary.files},
        )
    print(
        f"已备份到 {summary.path}：{summary.vendor} 数据库 {_size(summary.database_bytes)}，"
        f"上传文件 {summary.files} 个（{_size(summary.file_bytes)}）"
    )
    return 0


def restore_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai restore",
        description=(
            "从 gongkai backup 的备份文件恢复数据库和上传文件。只能恢复到空数据库"
            "（新建、未运行 migrate）和空的上传文件目录；恢复后运行 gongkai migrate。"
        ),
    )
    parser.add_argument("file", help="gongkai backup 生成的备份文件")
    args = parser.parse_args(list(argv))
    setup_django()
    from gongkai.core.backup import BackupError, backup_restore

    try:
        summary = backup_restore(path=Path(args.file))
    except BackupError as exc:
        print(f"gongkai restore：{exc}", file=sys.stderr)
        return 1
    print(
        f"已从 {summary.path} 恢复：{summary.vendor} 数据库 {summary.tables} 张表，"
        f"上传文件 {summary.files} 个（{_size(summary.file_bytes)}）。"
        "如程序版本比备份新，请接着运行 gongkai migrate。"
    )
    return 0


def selfcheck_main(argv: Sequence[str]) -> int:
    """Django's system check with ``--deploy`` (and the platform's own checks) on the database
    the environment names: run it on the production server with the production environment."""
    parser = argparse.ArgumentParser(
        prog="gongkai selfcheck",
        description=(
            "部署检查：Django 的安全部署检查（check --deploy）和平台自身的检查"
            "（演示账号、开发用密钥等），使用当前环境变量中的配置。有警告或错误时退出状态为 1。"
        ),
    )
    parser.parse_args(list(argv))
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="WARNING", databases=["default"])
    except SystemCheckError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def rekey_main(argv: Sequence[str]) -> int:
    """Re-encrypt applicants' personal data with the first key of GONGKAI_FIELD_KEYS (after a
    rotation); ``--new-key`` prints a new key, ``--derived-key`` the one used without keys."""
    parser = argparse.ArgumentParser(
        prog="gongkai rekey",
        description=(
            "轮换密钥后，用 GONGKAI_FIELD_KEYS 的第一个密钥重新加密申请人的证件号码和联系电话，"
            "并重新计算申请人摘要。分批进行，每批一个事务，可以重复运行；"
            "完成后即可从 GONGKAI_FIELD_KEYS 中删除旧密钥。步骤见 README“密钥轮换”。"
        ),
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--dry-run", action="store_true", help="只统计需要重新加密的数量，不改动")
    what.add_argument("--new-key", action="store_true", help="输出一个新生成的密钥")
    what.add_argument(
        "--derived-key",
        action="store_true",
        help="输出未设置 GONGKAI_FIELD_KEYS 时使用的密钥（由 SECRET_KEY 派生）",
    )
    parser.add_argument("--batch-size", type=int, default=500, metavar="行数", help="每批行数")
    args = parser.parse_args(list(argv))
    if args.batch_size < 1:
        parser.error("--batch-size 应为正整数")
    if args.new_key:
        from cryptography.fernet import Fernet

        print(Fernet.generate_key().decode())
        return 0
    setup_django()
    from django.conf import settings
    from django.db import transaction

    from gongkai.core.audit import audit_record
    from gongkai.core.fields import derived_field_key, invalid_field_keys
    from gongkai.core.rekey import RekeySummary, rekey

    if args.derived_key:
        print(derived_field_key())
        return 0
    bad = invalid_field_keys(settings.GONGKAI_FIELD_KEYS)
    if bad:
        print(
            f"gongkai rekey：GONGKAI_FIELD_KEYS 的第 {'、'.join(map(str, bad))} 个密钥无效，"
            "未作改动。",
            file=sys.stderr,
        )
        return 1
    summary = RekeySummary()

    def audit(completed: bool) -> None:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="fields.rekey",
                object_type="encrypted_fields",
                details={"completed": completed, **summary.as_details()},
            )

    try:
        rekey(dry_run=args.dry_run, batch_size=args.batch_size, summary=summary)
    except BaseException:
        if not args.dry_run and summary.reencrypted + summary.digests:
            audit(completed=False)  # what the committed batches changed
        raise
    verb = "需要重新加密" if args.dry_run else "已重新加密"
    for count in summary.models:
        print(
            f"{count.model}：{count.rows} 行，{count.values} 个加密值；"
            f"{verb} {count.reencrypted} 个，"
            f"{'需要重算' if args.dry_run else '已重算'}摘要 {count.digests} 个；"
            f"无法解密 {count.unreadable} 个"
        )
    # the values each configured key decrypted (before this run re-encrypted them)
    keys = max(1, len(settings.GONGKAI_FIELD_KEYS))
    by_key = summary.by_key()
    per_key = [
        f"第 {p + 1} 个密钥{'（当前）' if p == 0 else ' '}{by_key.get(p, 0)} 个"
        for p in range(keys)
    ]
    if summary.plain:
        per_key.append(f"未加密 {summary.plain} 个")
    print(
        f"{'各密钥解密的值' if args.dry_run else '重新加密前各密钥解密的值'}：{'，'.join(per_key)}"
    )
    if not args.dry_run:
        audit(completed=True)
    if summary.unreadable:
        print(
            f"gongkai rekey：{summary.unreadable} 个值用现有密钥都无法解密，未作改动。"
            "请把加密它们的旧密钥加回 GONGKAI_FIELD_KEYS 后重新运行，在此之前不要删除任何旧密钥。",
            file=sys.stderr,
        )
        return 1
    # after a complete run every value is under the first key; a dry run tells which older
    # keys no value is under already
    unused = [p + 1 for p in range(1, keys) if not args.dry_run or not by_key.get(p)]
    named = "、".join(map(str, unused))
    if not args.dry_run:
        if unused:
            print(
                f"完成：已没有存储的值需要第 {named} 个密钥，"
                "现在可以从 GONGKAI_FIELD_KEYS 中删除旧密钥（用它们时做的备份仍需要它们）。"
            )
        else:
            print("完成：所有值都已用第 1 个密钥加密，GONGKAI_FIELD_KEYS 中没有旧密钥。")
    elif unused:
        print(
            f"已没有存储的值需要第 {named} 个密钥，可以从 GONGKAI_FIELD_KEYS 中删除"
            "（用它们时做的备份仍需要它们）。"
        )
    return 0


def secretkey_main(argv: Sequence[str]) -> int:
    """Write a new random key to FILE (mode 600) unless FILE exists; ``make run`` uses it."""
    parser = argparse.ArgumentParser(
        prog="gongkai secretkey",
        description=(
            "生成随机的 SECRET_KEY 并写入文件（权限 600）；文件已存在时不作改动。"
            "设置 SECRET_KEY_FILE 指向该文件（默认 var/secret_key）即可使用。"
        ),
    )
    parser.add_argument("file", help="密钥文件，例如 var/secret_key")
    args = parser.parse_args(list(argv))
    path = Path(args.file)
    if path.exists():
        print(f"{path} 已存在，未改动。")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(SECRET_KEY_LENGTH)[:SECRET_KEY_LENGTH]
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        print(f"{path} 已存在，未改动。")
        return 0
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    print(f"已生成新的密钥：{path}")
    return 0
