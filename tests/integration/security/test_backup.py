"""``gongkai backup`` / ``gongkai restore``: a round trip on the database kind of this test run
(SQLite by default, PostgreSQL with DATABASE_URL=postgres://…) compares every row of every
table and every uploaded file; restores into anything but an empty database and media folder,
and from a damaged archive, are refused without writing anything."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

GONGKAI = str(Path(sys.executable).parent / "gongkai")
SAMPLE_2027 = Path(__file__).resolve().parents[2] / "data" / "calendars" / "sample-2027.txt"
SOURCE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SOURCE_URL.startswith(("postgres://", "postgresql://"))


# --- two empty sites: a database and a media folder each ----------------------------------------


class Site:
    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.media = root / "media"
        self.database_url = database_url

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GONGKAI_", "DJANGO_", "DATABASE_", "MEDIA_"))
        }
        env.update(
            GONGKAI_VAR_DIR=str(self.root / "var"),
            MEDIA_ROOT=str(self.media),
            DATABASE_URL=self.database_url,
        )
        return env

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GONGKAI, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
        )

    # every row of every table, as comparable text
    def tables(self) -> dict[str, list[str]]:
        if self.database_url.startswith("sqlite"):
            path = dj_database_url.parse(self.database_url)["NAME"]
            with sqlite3.connect(path) as db:
                names = [
                    row[0]
                    for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
                return {
                    name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall()))
                    for name in names
                }
        import psycopg

        with psycopg.connect(self.database_url) as db:
            names = [
                row[0]
                for row in db.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            result = {
                name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in names
            }
            result["<sequences>"] = sorted(
                map(repr, db.execute("SELECT sequencename, last_value FROM pg_sequences"))
            )
            result["<triggers>"] = sorted(
                map(repr, db.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            )
            return result

    def files(self) -> dict[str, str]:
        if not self.media.exists():
            return {}
        return {
            str(path.relative_to(self.media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }


@pytest.fixture(scope="module")
def make_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    created: list[str] = []

    def make(name: str) -> Site:
        root = tmp_path_factory.mktemp(name)
        (root / "var").mkdir(parents=True)
        if not ON_POSTGRESQL:
            return Site(root, f"sqlite:///{root / 'var' / 'db.sqlite3'}")
        import psycopg

        database = f"gk_backup_{name}_{uuid.uuid4().hex[:8]}"
        admin = dj_database_url.parse(SOURCE_URL)
        with psycopg.connect(
            host=admin["HOST"],
            port=admin["PORT"] or 5432,
            user=admin["USER"],
            password=admin["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as db:
            db.execute(f'CREATE DATABASE "{database}"')
        created.append(database)
        base = SOURCE_URL.rsplit("/", 1)[0]
        return Site(root, f"{base}/{database}")

    yield make
    if created:
        import psycopg

        admin = dj_database_url.parse(SOURCE_URL)
        with psycopg.connect(
            host=admin["HOST"],
            port=admin["PORT"] or 5432,
            user=admin["USER"],
            password=admin["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as db:
            for database in created:
                db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def populated(site: Site) -> Site:
    assert site.run("migrate", "--noinput", "-v0").returncode == 0
    assert site.run("demo").returncode == 0
    assert site.run("calendar", "load", str(SAMPLE_2027)).returncode == 0
    # uploaded files: nested folders, a Chinese name, binary content, an empty file
    (site.media / "attachments" / "2024" / "05").mkdir(parents=True)
    (site.media / "attachments" / "2024" / "05" / "通知.pdf").write_bytes(
        b"%PDF-1.4\n" + os.urandom(200_000)
    )
    (site.media / "attachments" / "empty.txt").write_bytes(b"")
    (site.media / "readme.txt").write_text("上传文件", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def source(make_site) -> Site:
    """One populated site for the module (the tests only read it and back it up)."""
    return populated(make_site("source"))


def test_round_trip_restores_every_row_and_every_file(source: Site, make_site, tmp_path) -> None:
    archive = tmp_path / "backup.tar.gz"
    before = source.tables()  # (the backup adds its own audit row to the source afterwards)
    backup = source.run("backup", str(archive))
    assert backup.returncode == 0, backup.stderr
    files = len(source.files())  # the demo data's attachments and the three written here
    assert files >= 3
    assert "已备份到" in backup.stdout and f"上传文件 {files} 个" in backup.stdout
    target = make_site("target")
    restore = target.run("restore", str(archive))
    assert restore.returncode == 0, restore.stderr
    assert "已从" in restore.stdout and f"上传文件 {files} 个" in restore.stdout
    after = target.tables()
    assert set(before) == set(after)
    assert sum(len(rows) for rows in before.values()) > 100
    for table in before:
        assert before[table] == after[table], table
    assert target.files() == source.files()
    # the restored site works: migrations are complete, new rows get new ids
    assert target.run("migrate", "--check", "--noinput").returncode == 0
    created = target.run("calendar", "remove", "2027")
    assert created.returncode == 0, created.stderr
    # and the trail recorded the backup itself (in the source, after the copy)
    assert any("backup.create" in row for row in source.tables()["core_auditevent"])


def test_restore_refuses_a_database_that_is_not_empty(source: Site, make_site, tmp_path) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert source.run("backup", str(archive)).returncode == 0
    target = make_site("migrated")
    assert target.run("migrate", "--noinput", "-v0").returncode == 0
    before = target.tables()
    result = target.run("restore", str(archive))
    assert result.returncode == 1
    assert "目标数据库不是空的" in result.stderr and "Traceback" not in result.stderr
    assert target.tables() == before and target.files() == {}


def test_restore_refuses_a_media_folder_that_is_not_empty(
    source: Site, make_site, tmp_path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert source.run("backup", str(archive)).returncode == 0
    target = make_site("withfiles")
    target.media.mkdir(parents=True)
    (target.media / "old.txt").write_text("x", encoding="utf-8")
    result = target.run("restore", str(archive))
    assert result.returncode == 1 and "上传文件目录不是空的" in result.stderr
    assert target.files() == {"old.txt": hashlib.sha256(b"x").hexdigest()}
    assert target.tables() in ({}, {"<sequences>": [], "<triggers>": []})


def test_a_damaged_archive_writes_nothing(source: Site, make_site, tmp_path) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert source.run("backup", str(archive)).returncode == 0
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/readme.txt":
                data = data.replace("上传".encode(), "下载".encode())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    target = make_site("damaged")
    result = target.run("restore", str(damaged))
    assert result.returncode == 1
    assert "校验值不符" in result.stderr and "media/readme.txt" in result.stderr
    assert target.files() == {}
    assert target.tables() in ({}, {"<sequences>": [], "<triggers>": []})
    not_a_backup = tmp_path / "other.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as other:
        other.add(SAMPLE_2027, arcname="x.txt")
    assert "不是 gongkai 备份文件" in target.run("restore", str(not_a_backup)).stderr
    assert "无法读取备份文件" in target.run("restore", str(SAMPLE_2027)).stderr


def test_backup_does_not_overwrite(source: Site, tmp_path) -> None:
    archive = tmp_path / "exists.tar.gz"
    archive.write_bytes(b"keep")
    result = source.run("backup", str(archive))
    assert result.returncode == 1 and "已存在" in result.stderr
    assert archive.read_bytes() == b"keep"
