"""Two staff acting on the same application at once: only one of two conflicting steps succeeds.

Every step locks the application row (``select_for_update``) and, when the page sent the
``version`` it was loaded with, refuses a changed one; the loser gets a Chinese message and the
application keeps the winner's state only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.applications import services
from gongkai.applications.models import Application, Stage
from gongkai.applications.services import ApplicationConflict
from gongkai.applications.workflow import WorkflowError

CONFLICT = "该申请已被他人处理，请刷新页面后重试。"


def _skip_on_sqlite() -> None:
    if connection.vendor != "postgresql":
        print("\nskipping the concurrency test on SQLite (one database lock serialises writers)")
        pytest.skip("row locks are only exercised on PostgreSQL")


def _in_review(office: Any, file_application: Callable[..., Any]) -> Application:
    app = file_application(received_on=date.today())
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    return services.application_submit_draft(
        actor=office.handler, application=app, reply_text="经查，现予以公开。", outcome="granted"
    )


def _slow_step(monkeypatch: Any) -> None:
    """Hold the row lock a little longer, so the other transaction is surely waiting on it."""
    recompute = services._recompute

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.2)
        return recompute(*args, **kwargs)

    monkeypatch.setattr(services, "_recompute", slow)


def _at_once(*steps: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run the steps in threads (each with its own connection) released at the same moment."""
    barrier = threading.Barrier(len(steps))
    done: list[Any] = []
    errors: list[BaseException] = []

    def run(step: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            done.append(step())
        except BaseException as exc:  # collected for the assertions
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, errors


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approve_and_send_back_the_same_draft(
    office: Any, file_application: Any, make_staff: Any, monkeypatch: Any
) -> None:
    _skip_on_sqlite()
    app = _in_review(office, file_application)
    other_reviewer = make_staff("rev2", office.agency, Role.REVIEWER)
    version = app.version  # both pages were loaded with the same version
    _slow_step(monkeypatch)
    done, errors = _at_once(
        lambda: services.application_approve(
            actor=office.reviewer, application=app.pk, version=version
        ),
        lambda: services.application_send_back(
            actor=other_reviewer, application=app.pk, reason="补充依据", version=version
        ),
    )
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], ApplicationConflict)
    assert errors[0].messages == [CONFLICT]
    now = Application.objects.get(pk=app.pk)
    assert now.version == version + 1
    assert now.stage == done[0].stage and now.stage in (Stage.APPROVED, Stage.HANDLING)
    kinds = list(now.events.values_list("kind", flat=True))
    assert sum(k in ("approved", "returned") for k in kinds) == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approve_the_same_draft_without_a_version(
    office: Any, file_application: Any, make_staff: Any, monkeypatch: Any
) -> None:
    """Without a version the row lock still serialises them: the second sees the new stage."""
    _skip_on_sqlite()
    app = _in_review(office, file_application)
    other_reviewer = make_staff("rev2", office.agency, Role.REVIEWER)
    _slow_step(monkeypatch)
    done, errors = _at_once(
        lambda: services.application_approve(actor=office.reviewer, application=app.pk),
        lambda: services.application_approve(actor=other_reviewer, application=app.pk),
    )
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], WorkflowError)
    assert errors[0].messages == ["申请当前处于“待答复”阶段，不能执行“审核通过”。"]
    now = Application.objects.get(pk=app.pk)
    assert now.stage == Stage.APPROVED and now.version == app.version + 1
    assert list(now.events.values_list("kind", flat=True)).count("approved") == 1


@pytest.mark.django_db(transaction=True)
def test_two_handlers_submit_a_draft_at_the_same_stage(
    office: Any, file_application: Any, make_staff: Any, monkeypatch: Any
) -> None:
    _skip_on_sqlite()
    app = file_application(received_on=date.today())
    app = services.application_register(actor=office.registrar, application=app)
    app = services.application_assign(
        actor=office.registrar, application=app, handler=office.handler
    )
    other_handler = make_staff("hdl2", office.agency, Role.HANDLER)
    version = app.version
    _slow_step(monkeypatch)
    done, errors = _at_once(
        lambda: services.application_submit_draft(
            actor=office.handler,
            application=app.pk,
            reply_text="经查，现予以公开。",
            outcome="granted",
            version=version,
        ),
        lambda: services.application_submit_draft(
            actor=other_handler,
            application=app.pk,
            reply_text="经查，本机关不掌握该信息。",
            outcome="unable_2",
            version=version,
        ),
    )
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], ApplicationConflict)
    assert errors[0].messages == [CONFLICT]
    now = Application.objects.get(pk=app.pk)
    assert now.stage == Stage.REVIEW and now.version == version + 1
    assert (now.outcome, now.reply_text) == (done[0].outcome, done[0].reply_text)
    assert list(now.events.values_list("kind", flat=True)).count("draft_submitted") == 1


@pytest.mark.django_db
def test_stale_version_from_the_form_is_refused(office: Any, file_application: Any) -> None:
    app = _in_review(office, file_application)
    stale = app.version
    services.application_send_back(actor=office.reviewer, application=app, reason="补充依据")
    services.application_submit_draft(
        actor=office.handler, application=app.pk, reply_text="经查，现予以公开。", outcome="granted"
    )
    before = Application.objects.get(pk=app.pk)
    assert before.stage == Stage.REVIEW and before.version > stale
    events = before.events.count()
    client = Client()
    client.force_login(office.reviewer)
    response = client.post(
        reverse("applications:act", args=[app.pk, "approve"]), {"version": stale}
    )
    assert response.status_code == 302
    assert CONFLICT in client.get(response.url).content.decode()
    after = Application.objects.get(pk=app.pk)
    assert (after.stage, after.version, after.updated_at) == (
        before.stage,
        before.version,
        before.updated_at,
    )
    assert after.events.count() == events
    with pytest.raises(ValidationError) as exc:
        services.application_approve(actor=office.reviewer, application=app.pk, version=stale)
    assert exc.value.messages == [CONFLICT]
    assert Application.objects.get(pk=app.pk).version == before.version
