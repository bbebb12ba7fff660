"""``gongkai backup FILE`` and ``gongkai restore FILE``: the database and the uploaded files in
one archive, and back.

The archive is a gzip-compressed tar file::

    database.sqlite3 | database.pgdump   the database (SQLite: the online backup API, a
                                         consistent copy while the site runs; PostgreSQL:
                                         pg_dump's custom format, one snapshot)
    media/<name>                         every uploaded file, read through Django's storage
                                         (local disk or an S3-compatible bucket alike)
    manifest.json                        format, database kind, migrations, and the size and
                                         SHA-256 of every member

The database is copied first, then the files: files are only ever added, so every file the
database refers to is in the archive (a file uploaded meanwhile may be there too, unreferenced).

Restore refuses unless the target database has no tables and the upload storage has no files,
and unless the archive is complete (every checksum is verified before anything is written).
Files go first; if the database then fails, the files written are removed again, and
PostgreSQL restores in a single transaction, so a failed restore leaves both empty. An archive
restores into the same kind of database it came from.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "gongkai-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore was refused or failed; the message is for the user (Chinese)."""


@dataclass
class BackupSummary:
    path: Path
    vendor: str
    database_bytes: int
    files: int
    file_bytes: int
    tables: int = 0
    notes: list[str] = field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage`` (sorted, POSIX separators)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from _walk(storage, f"{directory}/{sub}" if directory else sub)


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name != str(path):
        raise BackupError(f"备份文件中有不安全的文件名：{name!r}")
    return name


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"不支持的数据库类型：{vendor}（支持 SQLite 和 PostgreSQL）")
    return vendor


def _pg_env(using: str) -> dict[str, str]:
    settings_dict = connections[using].settings_dict
    env = dict(os.environ)
    mapping = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in mapping.items() if value})
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"找不到 {command[0]}：请安装与数据库服务器版本相符的 PostgreSQL 客户端工具"
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[-2000:]}")


def _migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# --- backup -----------------------------------------------------------------------------------


def backup_create(
    *, path: Path, using: str = "default", storage: Storage | None = None
) -> BackupSummary:
    """Write the archive to ``path`` (refused if it exists; written to a temporary name first)."""
    storage = storage or storages["default"]
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} 已存在，不会覆盖；请换一个文件名")
    vendor = _vendor(using)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        db_file = Path(tmp) / DB_MEMBERS[vendor]
        if vendor == "sqlite":
            connection = connections[using]
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={db_file}",
                ],
                _pg_env(using),
            )
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "database": {
                "member": DB_MEMBERS[vendor],
                "size": db_file.stat().st_size,
                "sha256": _sha256_file(db_file),
            },
            "migrations": _migrations(using),
            "media": [],
        }
        file_bytes = 0
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(db_file, arcname=DB_MEMBERS[vendor])
                for name in _walk(storage):
                    entry = _add_media(archive, storage, name)
                    manifest["media"].append(entry)
                    file_bytes += entry["size"]
                _add_bytes(
                    archive,
                    MANIFEST,
                    json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                )
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(
        path=path,
        vendor=vendor,
        database_bytes=manifest["database"]["size"],
        files=len(manifest["media"]),
        file_bytes=file_bytes,
    )


def _add_media(archive: tarfile.TarFile, storage: Storage, name: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        with storage.open(name, "rb") as source:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        info = tarfile.TarInfo(MEDIA_PREFIX + name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(datetime.now(UTC).timestamp())
        archive.addfile(info, spool)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


# --- restore ----------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("不是 gongkai 备份文件（缺少 manifest.json）") from exc
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("不是 gongkai 备份文件（manifest.json 无法读取）")
    try:
        manifest: dict[str, Any] = json.loads(handle.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError("备份文件已损坏（manifest.json 无法解析）") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')!r}（应为 {FORMAT}）")
    return manifest


def _copy_verified(
    source: IO[bytes], target: IO[bytes], *, size: int, sha256: str, what: str
) -> None:
    digest = hashlib.sha256()
    written = 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        target.write(chunk)
        written += len(chunk)
    if written != size or digest.hexdigest() != sha256:
        raise BackupError(f"备份文件已损坏：{what} 的校验值不符")


def restore_preflight(*, using: str = "default", storage: Storage | None = None) -> None:
    """Refuse unless the database has no tables and the storage no files."""
    storage = storage or storages["default"]
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(
            f"目标数据库不是空的（已有 {len(tables)} 张表，例如 {sorted(tables)[0]}）。"
            "恢复只能写入新建的空数据库：请新建数据库并设置 DATABASE_URL，不要先运行 migrate。"
        )
    first = next(_walk(storage), None)
    if first is not None:
        raise BackupError(
            f"上传文件目录不是空的（例如已有 {first}）。恢复只能写入空的上传文件目录。"
        )


def backup_restore(
    *, path: Path, using: str = "default", storage: Storage | None = None
) -> BackupSummary:
    storage = storage or storages["default"]
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    vendor = _vendor(using)
    restore_preflight(using=using, storage=storage)
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份文件 {path}：{exc}") from exc
    with archive, tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        manifest = _read_manifest(archive)
        if manifest.get("vendor") != vendor:
            raise BackupError(
                f"备份来自 {manifest.get('vendor')} 数据库，不能恢复到 {vendor} 数据库"
            )
        # 1. verify everything before writing anything
        database = manifest["database"]
        db_file = Path(tmp) / DB_MEMBERS[vendor]
        _extract_verified(archive, database["member"], db_file, database)
        media_dir = Path(tmp) / "media"
        entries = [
            {**entry, "name": _safe_media_name(entry["name"])} for entry in manifest["media"]
        ]
        for index, entry in enumerate(entries):
            _extract_verified(archive, MEDIA_PREFIX + entry["name"], media_dir / str(index), entry)
        # 2. files, then the database; undo the files if the database fails
        written: list[str] = []
        try:
            for index, entry in enumerate(entries):
                with (media_dir / str(index)).open("rb") as handle:
                    saved = storage.save(entry["name"], File(handle, name=entry["name"]))
                written.append(saved)
                if saved != entry["name"]:
                    raise BackupError(f"上传文件 {entry['name']} 未能以原名写入（得到 {saved}）")
            _restore_database(vendor, db_file, using)
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    return BackupSummary(
        path=path,
        vendor=vendor,
        database_bytes=database["size"],
        files=len(entries),
        file_bytes=sum(entry["size"] for entry in entries),
        tables=len(connections[using].introspection.table_names()),
    )


def _extract_verified(
    archive: tarfile.TarFile, member_name: str, target: Path, entry: dict[str, Any]
) -> None:
    try:
        member = archive.getmember(member_name)
    except KeyError as exc:
        raise BackupError(f"备份文件不完整：缺少 {member_name}") from exc
    handle = archive.extractfile(member) if member.isfile() else None
    if handle is None:
        raise BackupError(f"备份文件已损坏：{member_name} 不是文件")
    target.parent.mkdir(parents=True, exist_ok=True)
    with handle, target.open("wb") as out:
        _copy_verified(handle, out, size=entry["size"], sha256=entry["sha256"], what=member_name)


def _restore_database(vendor: str, db_file: Path, using: str) -> None:
    connection = connections[using]
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(db_file),
        ],
        _pg_env(using),
    )


__all__ = ["BackupError", "BackupSummary", "backup_create", "backup_restore", "restore_preflight"]
