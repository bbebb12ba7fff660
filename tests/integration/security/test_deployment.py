"""Deployment pieces: /healthz, the replica router, Redis as the shared cache, uploads through
any storage, the nginx configuration and the systemd units."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.test import Client

from gongkai.core import dbrouter
from gongkai.core.dbrouter import ReplicaRouter, replica_reads

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


# --- /healthz -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_before_host_checks_and_redirects(settings) -> None:
    settings.ALLOWED_HOSTS = ["gk.example.gov.cn"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="10.0.0.5:8000").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert Client().post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(monkeypatch) -> None:
    from gongkai.core import health

    class Broken:
        def cursor(self) -> None:
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": Broken()})
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


@pytest.mark.django_db
def test_healthz_checks_the_shared_cache(settings, redis_available) -> None:
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    assert Client().get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error"


# --- Redis --------------------------------------------------------------------------------------


@pytest.fixture
def redis_available() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required on CI ({REDIS_URL}): {exc}")
        print(f"\nskipping: Redis not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")


def test_redis_is_the_shared_cache_when_configured(tmp_path: Path, redis_available) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))},
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "gongkai-test",
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('shared-key', 'written by another process', 60)\n"
        "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    # this process reads what the other one wrote: one cache for every application server
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "gongkai-test"})
    try:
        assert cache.get("shared-key") == "written by another process"
        cache.set("counter", 1)
        assert cache.incr("counter", 41) == 42
        cache.set_many({"a": {"x": [1, 2]}, "b": "二"})
        assert cache.get_many(["a", "b"]) == {"a": {"x": [1, 2]}, "b": "二"}
    finally:
        cache.delete_many(["shared-key", "counter", "a", "b"])
    assert cache.get("shared-key") is None


def test_without_redis_the_cache_is_local(settings) -> None:
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache") or settings.REDIS_URL
    caches["default"].set("k", "v")
    assert caches["default"].get("k") == "v"


# --- read replicas ------------------------------------------------------------------------------


def test_router_sends_public_reads_to_a_replica_outside_transactions(monkeypatch) -> None:
    monkeypatch.setattr(dbrouter, "replica_aliases", lambda: ["replica1", "replica2"])
    router = ReplicaRouter()
    from gongkai.agencies.models import Agency

    assert router.db_for_read(Agency) is None  # outside a public request: the primary
    with replica_reads(True):
        assert router.db_for_read(Agency) in {"replica1", "replica2"}
        assert router.db_for_write(Agency) == "default"
    with replica_reads(False):
        assert router.db_for_read(Agency) is None
    assert router.allow_migrate("default", "agencies") is True
    assert router.allow_migrate("replica1", "agencies") is False


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(monkeypatch) -> None:
    monkeypatch.setattr(dbrouter, "replica_aliases", lambda: ["replica1"])
    from gongkai.agencies.models import Agency

    with replica_reads(True):  # the test runs inside a transaction
        assert ReplicaRouter().db_for_read(Agency) is None


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/", True),
        ("HEAD", "/search/", True),
        ("GET", "/api/v1/records", True),
        ("GET", "/records/1/", True),
        ("POST", "/", False),
        ("GET", "/staff/", False),
        ("GET", "/admin/", False),
        ("GET", "/apply/KQZ/", False),
        ("GET", "/track/", False),
    ],
)
def test_which_requests_may_read_from_a_replica(rf, monkeypatch, method, path, expected) -> None:
    request = rf.generic(method, path)
    assert dbrouter.may_use_replica(request) is False  # no replica configured
    monkeypatch.setattr(dbrouter, "replica_aliases", lambda: ["replica1"])
    assert dbrouter.may_use_replica(request) is expected


def test_portal_pages_read_from_the_replica_end_to_end(tmp_path: Path) -> None:
    """DATABASE_REPLICA_URLS names a replica (here the same SQLite file): a portal page's
    queries go to it, a back-office page's to the primary."""
    db = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": f"sqlite:///{db}",
        "DATABASE_REPLICA_URLS": f"sqlite:///{db}",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
    }
    gongkai = str(Path(sys.executable).parent / "gongkai")
    assert subprocess.run([gongkai, "migrate", "-v0"], env=env, timeout=300).returncode == 0
    assert (
        subprocess.run([gongkai, "demo"], env=env, capture_output=True, timeout=120).returncode == 0
    )
    code = (
        "import json, django; django.setup()\n"
        "from django.db import connections\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "counts = {}\n"
        "for path in ('/', '/agencies/KQZ/guide/', '/staff/login/'):\n"
        "    with CaptureQueriesContext(connections['default']) as primary, "
        "CaptureQueriesContext(connections['replica1']) as replica:\n"
        "        status = Client().get(path).status_code\n"
        "    counts[path] = [status, len(primary), len(replica)]\n"
        "print(json.dumps(counts))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    for path in ("/", "/agencies/KQZ/guide/"):
        status, primary, replica = counts[path]
        assert status == 200 and primary == 0 and replica > 0, (path, counts[path])
    status, primary, replica = counts["/staff/login/"]
    assert status == 200 and replica == 0


# --- uploads through any storage ---------------------------------------------------------------


@pytest.mark.django_db
def test_backup_and_restore_go_through_the_storage_api(tmp_path: Path, django_db_blocker) -> None:
    """Any Django storage works (an S3-compatible bucket alike): shown with the in-memory one."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import InMemoryStorage

    from gongkai.core.backup import BackupError, restore_preflight

    storage = InMemoryStorage()
    storage.save("attachments/2024/通知.pdf", ContentFile(b"%PDF-1.4 demo"))
    storage.save("readme.txt", ContentFile("上传文件".encode()))
    from gongkai.core.backup import _walk

    assert list(_walk(storage)) == ["readme.txt", "attachments/2024/通知.pdf"]
    with pytest.raises(BackupError, match="目标数据库不是空的"):
        restore_preflight(storage=storage)


def test_s3_storage_is_configured_from_the_environment(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_", "MEDIA_"))},
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "gongkai-uploads",
        "S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
        "S3_REGION": "cn-hangzhou",
        "S3_ACCESS_KEY_ID": "AKID",
        "S3_SECRET_ACCESS_KEY": "SECRET",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
    }
    code = (
        "import json, django; django.setup()\n"
        "from django.core.files.storage import storages; s = storages['default']\n"
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, s.bucket_name, "
        "s.endpoint_url, s.region_name, s.default_acl, s.querystring_auth, s.file_overwrite]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "storages.backends.s3.S3Storage",
        "gongkai-uploads",
        "https://oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        None,
        True,
        False,
    ]
    env.pop("S3_BUCKET")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "MEDIA_STORAGE=s3 needs S3_BUCKET" in result.stderr


# --- nginx and systemd --------------------------------------------------------------------------


def test_nginx_configuration_is_valid(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        if os.environ.get("GONGKAI_REQUIRE_NGINX") == "1":
            pytest.fail("nginx is required (GONGKAI_REQUIRE_NGINX=1) but not installed")
        print("\nskipping: nginx is not installed (apt-get install nginx-light): deploy/nginx.conf")
        pytest.skip("nginx is not installed")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=t",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/ssl/gongkai/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/ssl/gongkai/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    site = site.replace("/srv/gongkai/deploy", str(DEPLOY))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    main = (
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include {DEPLOY / 'gongkai-http.conf'};\n include {tmp_path / 'site.conf'};\n"
        f" access_log {tmp_path}/access.log;\n client_body_temp_path {tmp_path};\n"
        f" proxy_temp_path {tmp_path}/proxy;\n fastcgi_temp_path {tmp_path};\n"
        f" uwsgi_temp_path {tmp_path};\n scgi_temp_path {tmp_path};\n}}\n"
    )
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for page in ("413", "414", "429", "503"):
        html = (DEPLOY / "errors" / f"{page}.html").read_text(encoding="utf-8")
        assert 'lang="zh-Hans"' in html and "<h1>" in html
        assert f"/errors/{page}.html" in site or page == "503"


def test_systemd_units_run_the_documented_commands() -> None:
    web = (DEPLOY / "gongkai-web.service").read_text(encoding="utf-8")
    worker = (DEPLOY / "gongkai-worker.service").read_text(encoding="utf-8")
    assert "gunicorn -c python:gongkai.config.gunicorn gongkai.config.wsgi:application" in web
    assert "gongkai db_worker" in worker
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/gongkai/gongkai.env" in unit and "User=gongkai" in unit
    import importlib

    config = importlib.import_module("gongkai.config.gunicorn")
    assert config.limit_request_line == 8190 and config.accesslog is None
    from django.core.management import get_commands

    assert "db_worker" in get_commands()
