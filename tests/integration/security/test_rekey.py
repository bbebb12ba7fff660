"""Key rotation of the encrypted personal data: ``gongkai rekey`` and the production check of
``GONGKAI_FIELD_KEYS``.

A rotation: put a new key first, run ``gongkai rekey``, remove the old key. After it every ID and
telephone number reads as it was, and the applicant digest (duplicates, 第三十五条) still finds
the same applicant.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.db import connection

from gongkai.applications.models import Application
from gongkai.applications.services import applicant_digest
from gongkai.cli import main
from gongkai.core.audit import AuditEvent
from gongkai.core.fields import UNREADABLE
from gongkai.core.rekey import RekeySummary, rekey

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
IDS = ["11010519491231002X", "510107197212013674", "110105199707218606"]


PERSON = {
    "applicant_kind": "natural_person",
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": IDS[0],
    "phone": "13800138000",
    "description": "2024年本镇宅基地审批结果",
    "form_wanted": "electronic",
    "delivery_method": "online",
}


@pytest.fixture
def file_application(hierarchy: Any, make_staff: Any, settings: Any, tmp_path: Any) -> Any:
    from gongkai.agencies.models import Role
    from gongkai.applications import services

    settings.MEDIA_ROOT = tmp_path / "media"
    registrar = make_staff("reg", hierarchy.town, Role.REGISTRAR)

    def make(**data: Any) -> Any:
        application, _code = services.application_create(
            actor=registrar,
            agency=hierarchy.town,
            data={**PERSON, **data},
            channel="email",
        )
        return application

    return make


@pytest.fixture
def old_key(settings: Any) -> Any:
    settings.GONGKAI_FIELD_KEYS = [OLD]
    return settings


@pytest.fixture
def applications(old_key: Any, file_application: Any) -> list[Any]:
    made = []
    for n in range(7):
        made.append(
            file_application(
                applicant_name=f"申请人{n}", id_number=IDS[n % len(IDS)], phone=f"1380013800{n}"
            )
        )
    return made


def stored(pk: int, column: str) -> str:
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0] or "")


def plain_values() -> dict[int, tuple[str, str, str]]:
    return {
        a.pk: (a.id_number, a.phone, a.id_digest)
        for a in Application.objects.order_by("pk").only("id_number", "phone", "id_digest")
    }


def test_rotation_then_rekey_lets_the_old_key_go(applications: Any, settings: Any) -> None:
    before = plain_values()
    assert all(UNREADABLE not in v[0] + v[1] for v in before.values())
    raw_before = {pk: stored(pk, "id_number") for pk in before}
    settings.GONGKAI_FIELD_KEYS = [NEW, OLD]
    summary = rekey(batch_size=3)
    assert summary.unreadable == 0
    assert summary.reencrypted == 7 + 7  # seven ID numbers, seven phone numbers
    assert summary.digests == 7  # keyed with the first key now
    assert summary.by_key() == {1: 14} and summary.plain == 0  # all under the old key
    assert all(stored(pk, "id_number") != raw_before[pk] for pk in before if raw_before[pk])
    settings.GONGKAI_FIELD_KEYS = [NEW]  # the old key removed
    after = plain_values()
    for pk, (id_number, phone, digest) in after.items():
        old_id, old_phone, _old_digest = before[pk]
        assert (id_number, phone) == (old_id, old_phone)
        name = Application.objects.get(pk=pk).applicant_name
        assert digest == applicant_digest(id_number, name)
    # the same applicant is still found as the same applicant
    same = Application.objects.filter(id_digest=applicant_digest(IDS[0], "")).count()
    assert same == 3
    # idempotent: nothing left to do
    again = rekey(batch_size=3)
    assert (again.reencrypted, again.digests, again.unreadable) == (0, 0, 0)
    assert again.by_key() == {0: 14}


def test_plain_values_written_before_encryption_are_encrypted(
    applications: Any, settings: Any
) -> None:
    target = applications[0]
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", ["13900000000", target.pk])
    assert rekey().reencrypted == 1
    assert stored(target.pk, "phone").startswith("enc1:")
    assert Application.objects.get(pk=target.pk).phone == "13900000000"


def test_a_failure_midway_leaves_every_row_readable(
    applications: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.core import rekey as rekey_module

    before = plain_values()
    settings.GONGKAI_FIELD_KEYS = [NEW, OLD]
    real = rekey_module._batch
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        done = real(*args, **kwargs)  # the batch's updates are made, then the batch fails
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return done

    monkeypatch.setattr(rekey_module, "_batch", failing)
    partial = RekeySummary()
    with pytest.raises(RuntimeError):
        rekey(batch_size=3, summary=partial)
    monkeypatch.setattr(rekey_module, "_batch", real)
    # what the summary says was done is what was committed: the first batch
    assert (partial.models[0].rows, partial.reencrypted, partial.digests) == (3, 6, 3)
    # rows of the first batch are under the new key, the rest under the old: all readable
    assert {pk: v[:2] for pk, v in plain_values().items()} == {
        pk: v[:2] for pk, v in before.items()
    }
    ids = sorted(before)
    new_only = Fernet(NEW.encode())
    assert new_only.decrypt(stored(ids[0], "phone")[5:].encode())
    for pk in ids[3:]:  # the failed batch was rolled back, the third never started
        assert stored(pk, "phone") and not _decrypts(new_only, stored(pk, "phone"))
    # running it again finishes the work; then the old key can go
    summary = rekey(batch_size=3)
    assert summary.reencrypted == 4 + 4 and summary.unreadable == 0
    settings.GONGKAI_FIELD_KEYS = [NEW]
    assert {pk: v[:2] for pk, v in plain_values().items()} == {
        pk: v[:2] for pk, v in before.items()
    }


def _decrypts(cipher: Fernet, value: str) -> bool:
    from cryptography.fernet import InvalidToken

    try:
        cipher.decrypt(value[5:].encode())
    except InvalidToken:
        return False
    return True


def test_values_of_a_missing_key_are_left_alone_and_counted(
    applications: Any, settings: Any
) -> None:
    raw = {a.pk: stored(a.pk, "phone") for a in applications}
    settings.GONGKAI_FIELD_KEYS = [NEW]  # the old key forgotten
    summary = rekey()
    assert summary.unreadable == 7 + 7 and summary.reencrypted == 0 and summary.digests == 0
    assert {a.pk: stored(a.pk, "phone") for a in applications} == raw


def test_the_command_dry_run_counts_and_changes_nothing(
    applications: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.GONGKAI_FIELD_KEYS = [NEW, OLD]
    raw = {a.pk: stored(a.pk, "phone") for a in applications}
    audits = AuditEvent.objects.filter(action="fields.rekey").count()
    assert main(["rekey", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "applications.Application：7 行" in out and "需要重新加密 14 个" in out
    assert {a.pk: stored(a.pk, "phone") for a in applications} == raw
    assert AuditEvent.objects.filter(action="fields.rekey").count() == audits
    assert main(["rekey", "--batch-size", "2"]) == 0
    out = capsys.readouterr().out
    assert "已重新加密 14 个" in out and "可以从 GONGKAI_FIELD_KEYS 中删除旧密钥" in out
    event = AuditEvent.objects.filter(action="fields.rekey").latest("pk")
    assert event.details["completed"] is True
    assert event.details["applications.Application"]["reencrypted"] == 14
    assert main(["rekey"]) == 0
    assert "已重新加密 0 个" in capsys.readouterr().out


def test_the_command_names_the_keys_no_value_needs(
    applications: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    older = Fernet.generate_key().decode()
    settings.GONGKAI_FIELD_KEYS = [NEW, OLD, older]
    table = Application._meta.db_table
    with connection.cursor() as cursor:  # one phone number from before encryption
        cursor.execute(
            f"UPDATE {table} SET phone = %s WHERE id = %s", ["13900000000", applications[0].pk]
        )
    assert main(["rekey", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "各密钥解密的值：第 1 个密钥（当前）0 个，第 2 个密钥 13 个，第 3 个密钥 0 个，未加密 1 个"
        in out
    )
    assert "已没有存储的值需要第 3 个密钥，可以从 GONGKAI_FIELD_KEYS 中删除" in out
    assert main(["rekey"]) == 0
    out = capsys.readouterr().out
    assert (
        "重新加密前各密钥解密的值：第 1 个密钥（当前）0 个，第 2 个密钥 13 个，第 3 个密钥 0 个"
        in out
    )
    assert "完成：已没有存储的值需要第 2、3 个密钥" in out
    event = AuditEvent.objects.filter(action="fields.rekey").latest("pk")
    counts = event.details["applications.Application"]
    assert (counts["by_key"], counts["plain"]) == ({"2": 13}, 1)
    # a second dry run: every value under the first key, both older keys unneeded
    assert main(["rekey", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "第 1 个密钥（当前）14 个，第 2 个密钥 0 个，第 3 个密钥 0 个" in out
    assert "已没有存储的值需要第 2、3 个密钥" in out
    settings.GONGKAI_FIELD_KEYS = [NEW]
    assert main(["rekey"]) == 0
    assert "GONGKAI_FIELD_KEYS 中没有旧密钥" in capsys.readouterr().out


def test_the_command_refuses_while_values_are_unreadable(
    applications: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.GONGKAI_FIELD_KEYS = [NEW]
    assert main(["rekey"]) == 1
    assert "无法解密" in capsys.readouterr().err


def test_the_command_prints_keys(settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rekey", "--new-key"]) == 0
    Fernet(capsys.readouterr().out.strip().encode())
    settings.GONGKAI_FIELD_KEYS = []
    assert main(["rekey", "--derived-key"]) == 0
    Fernet(capsys.readouterr().out.strip().encode())


def test_a_site_without_keys_moves_to_keys(file_application: Any, settings: Any) -> None:
    from gongkai.core.fields import derived_field_key

    settings.GONGKAI_FIELD_KEYS = []
    app = file_application()
    settings.GONGKAI_FIELD_KEYS = [NEW, derived_field_key()]
    rekey()
    settings.GONGKAI_FIELD_KEYS = [NEW]
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.id_number == app.id_number and fresh.phone == app.phone


# --- the production check ----------------------------------------------------------------------


def _errors(ids: str) -> list[Any]:
    return [m for m in run_checks(include_deployment_checks=True) if m.id == ids]


def test_production_needs_field_keys(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.GONGKAI_FIELD_KEYS = []
    (error,) = _errors("gongkai.E002")
    assert "GONGKAI_FIELD_KEYS" in error.msg and "gongkai rekey --new-key" in error.hint
    settings.GONGKAI_FIELD_KEYS = [NEW]
    assert _errors("gongkai.E002") == []
    settings.PRODUCTION = False
    settings.GONGKAI_FIELD_KEYS = []
    assert _errors("gongkai.E002") == []


def test_invalid_field_keys_are_errors(settings: Any) -> None:
    settings.GONGKAI_FIELD_KEYS = [NEW, "not-a-key", NEW[:-2]]
    (error,) = _errors("gongkai.E002")
    assert "第 2、3 个密钥" in error.msg


def test_public_limits_checks(settings: Any) -> None:
    settings.GONGKAI_PUBLIC_LIMITS = {"apply_everything": (1, 60)}
    assert _errors("gongkai.E003")
    settings.GONGKAI_PUBLIC_LIMITS = {"apply_ip": (100000, 3600)}
    assert _errors("gongkai.W003") == []  # not production
    settings.PRODUCTION = True
    (warning,) = _errors("gongkai.W003")
    assert "apply_ip=100000/3600" in warning.msg
    settings.GONGKAI_PUBLIC_LIMITS = {"apply_ip": (10, 3600), "track_ip": (20, 1800)}
    assert _errors("gongkai.W003") == []  # stricter than the defaults


def test_the_limits_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from gongkai.config import settings as config

    monkeypatch.setenv("GONGKAI_PUBLIC_LIMITS", "apply_ip=100/3600, track_ip=5/60")
    assert config._rate_limits("GONGKAI_PUBLIC_LIMITS") == {
        "apply_ip": (100, 3600),
        "track_ip": (5, 60),
    }
    monkeypatch.setenv("GONGKAI_PUBLIC_LIMITS", "apply_ip=lots")
    with pytest.raises(ImproperlyConfigured):
        config._rate_limits("GONGKAI_PUBLIC_LIMITS")


def test_an_interrupted_run_is_audited_with_what_it_did(
    applications: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.core import rekey as rekey_module

    settings.GONGKAI_FIELD_KEYS = [NEW, OLD]
    real = rekey_module._batch
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("connection lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(rekey_module, "_batch", failing)
    with pytest.raises(RuntimeError):
        main(["rekey", "--batch-size", "3"])
    event = AuditEvent.objects.filter(action="fields.rekey").latest("pk")
    assert event.details["completed"] is False
    assert event.details["applications.Application"]["reencrypted"] == 6  # the first batch
