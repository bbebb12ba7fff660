"""Who may read and act on catalogue records, through ``gongkai.agencies.permissions``.

Reading: a member with VIEW reads the records of their agency and of the agencies below it
(supervision is read-only). Acting: the permission of the workflow table's row, in the
record's own agency only. Another agency's record answers 404; a readable record the user
may not act on answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm, UserLike
from gongkai.catalogue.models import Record
from gongkai.catalogue.workflow import TRANSITIONS, Action, content_action

#: The permission each action needs, whatever the state (one per action, from the table).
ACTION_PERMS: dict[Action, Perm] = {action: t.perm for (_s, action), t in TRANSITIONS.items()}


def records_readable(user: UserLike, queryset: QuerySet[Record] | None = None) -> QuerySet[Record]:
    return permissions.filter_readable(
        user, queryset if queryset is not None else Record.objects.all()
    )


def record_get_readable_or_404(
    user: UserLike, pk: int, queryset: QuerySet[Record] | None = None
) -> Record:
    base = queryset if queryset is not None else Record.objects.select_related("agency", "category")
    return permissions.get_readable_or_404(user, base, pk=pk)


def can_act(user: UserLike, record: Record, action: Action) -> bool:
    """Whether ``action`` is allowed in the record's state AND the user holds its permission."""
    step = TRANSITIONS.get((record.status, action))  # type: ignore[call-overload]
    if step is None:
        return False
    return permissions.can_change_agency_record(user, record.agency_id, step.perm)


def check_action(user: UserLike, record: Record, action: Action) -> None:
    """403 unless the user holds the action's permission in the record's agency.

    Whether the state allows it is the service's answer (a message, not a 403).
    """
    if not permissions.can_change_agency_record(user, record.agency_id, ACTION_PERMS[action]):
        raise PermissionDenied


def content_action_for(record: Record) -> Action:
    """The action covering content edits in the record's state (EDIT when frozen: the
    service then refuses with the workflow's message)."""
    return content_action(record.status) or Action.EDIT


def can_edit_content(user: UserLike, record: Record) -> bool:
    action = content_action(record.status)
    return action is not None and can_act(user, record, action)


def agency_for_new_records(user: UserLike) -> Agency | None:
    """The agency in which the user may create records (their own, with RECORD_EDIT)."""
    return permissions.agencies_changeable_by(user, Perm.RECORD_EDIT).first()


def agency_for_admin(user: UserLike) -> Agency | None:
    return permissions.agencies_changeable_by(user, Perm.AGENCY_ADMIN).first()
