"""Production safety: settings, the refusal of demo data and development keys, the deployment
check under ``gongkai selfcheck``, generated secret keys. Each case runs the real ``gongkai``
command in a subprocess with its own environment."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).parent / "gongkai")
ROOT = Path(__file__).resolve().parents[3]
FIELD_KEY = "3y4VdHqzbk2Sx0pT7uQm9ZcN1fL8wR5aJ6eG-oY_iKs="
KEY = "k" * 10 + "Q7-x_9zP2mW4vB8nR1tY6uI3oE5aS0dF2gH7jK9lZ4cV6bN8mQ1wE3rT5yU7i"


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GONGKAI, *args], env=env, capture_output=True, text=True, timeout=180, **kwargs
    )


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "DJANGO_", "SECRET_KEY", "DATABASE_", "DEBUG"))
        and key not in {"ALLOWED_HOSTS", "REDIS_URL", "TWO_FACTOR_REQUIRED"}
    }
    env.update(
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    settings = {
        "GONGKAI_ENV": "production",
        "SECRET_KEY": KEY,
        "GONGKAI_FIELD_KEYS": FIELD_KEY,
        "ALLOWED_HOSTS": "gk.example.gov.cn",
        "CSRF_TRUSTED_ORIGINS": "https://gk.example.gov.cn",
    }
    return base_env(tmp_path, **{**settings, **extra})


def settings_of(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("production")
    (tmp / "var").mkdir()
    result = run(["migrate", "--noinput", "-v0"], base_env(tmp))
    assert result.returncode == 0, result.stderr
    return tmp


def test_production_settings(tmp_path: Path) -> None:
    values = settings_of(
        production_env(tmp_path),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "LOG_FORMAT",
        "TRUSTED_PROXY_COUNT",
        "USING_DEV_SECRET_KEY",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "LOG_FORMAT": "json",
        "TRUSTED_PROXY_COUNT": 1,
        "USING_DEV_SECRET_KEY": False,
    }


@pytest.mark.parametrize(
    "key", ["", "dev-insecure-gongkai-secret-key-do-not-use-in-production", "short-key-1234"]
)
def test_production_refuses_a_missing_development_or_short_key(tmp_path: Path, key: str) -> None:
    env = production_env(tmp_path, SECRET_KEY=key)
    for command in (["selfcheck"], ["migrate", "--noinput"]):
        result = run(command, env)
        assert result.returncode == 1
        assert result.stderr.startswith("gongkai：配置错误：")
        assert "SECRET_KEY" in result.stderr and "at least 50" in result.stderr
        assert "Traceback" not in result.stderr


def test_production_reads_the_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    env = production_env(tmp_path, SECRET_KEY="", SECRET_KEY_FILE=str(key_file))
    assert settings_of(env, "SECRET_KEY") == {"SECRET_KEY": KEY}


def test_demo_refuses_to_run_in_production(migrated: Path) -> None:
    result = run(["demo"], production_env(migrated))
    assert result.returncode == 1
    assert "生产环境" in result.stdout and "不创建演示数据" in result.stdout
    check = run(
        ["shell", "-c", "from django.contrib.auth.models import User; print(User.objects.count())"],
        base_env(migrated),
    )
    assert check.stdout.strip().splitlines()[-1] == "0"


def test_selfcheck_is_clean_in_production_and_flags_demo_accounts(migrated: Path) -> None:
    result = run(["selfcheck"], production_env(migrated))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    # demo data created by a development run on the same database is found by the check
    assert run(["demo"], base_env(migrated)).returncode == 0
    flagged = run(["selfcheck"], production_env(migrated))
    assert flagged.returncode == 1
    assert "gongkai.E001" in flagged.stderr and "admin" in flagged.stderr
    assert "kqz_registrar" in flagged.stderr


def test_selfcheck_in_development_lists_what_production_needs(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    result = run(["selfcheck"], base_env(tmp_path))
    assert result.returncode == 1
    for check_id in ("security.W018", "security.W004", "security.W012", "gongkai.W001"):
        assert check_id in result.stderr, check_id


def test_secretkey_writes_a_private_key_once(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = run(["secretkey", str(path)], base_env(tmp_path))
    assert first.returncode == 0 and path.exists()
    key = path.read_text(encoding="utf-8").strip()
    assert len(key) >= 50 and len(set(key)) >= 5
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = run(["secretkey", str(path)], base_env(tmp_path))
    assert second.returncode == 0 and "已存在" in second.stdout
    assert path.read_text(encoding="utf-8").strip() == key
    # the development settings pick it up from the var directory by default
    values = settings_of(base_env(tmp_path), "SECRET_KEY", "USING_DEV_SECRET_KEY")
    assert values == {"SECRET_KEY": key, "USING_DEV_SECRET_KEY": False}


def test_make_run_generates_a_key_before_serving() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n")[0]
    lines = [line.strip() for line in recipe.splitlines()]
    key_line = next(i for i, line in enumerate(lines) if "gongkai secretkey" in line)
    serve_line = next(i for i, line in enumerate(lines) if "gunicorn" in line)
    assert key_line < serve_line
