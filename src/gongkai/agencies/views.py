"""The back office (/staff/): dashboard and agency pages.

Each view reads: permission check (``permissions``) → selector/service → render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.agencies import permissions, selectors, services
from gongkai.agencies.forms import AgencyContactForm
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_for_user(request.user)
    readable = list(selectors.agency_list_for_user(request.user))
    own_id = membership.agency_id if membership else None
    subordinates = [a for a in readable if a.pk != own_id]
    roles = sorted(membership.role_set()) if membership else []
    held = permissions.user_perms(request.user)
    perms = [perm for perm in Perm if perm in held]
    return render(
        request,
        "agencies/dashboard.html",
        {
            "membership": membership,
            "roles": roles,
            "perms": perms,
            "subordinates": subordinates,
            "can_view_audit": permissions.can_view_audit_trail(request.user),
            "can_admin_own": membership is not None
            and permissions.can_change_agency_record(
                request.user, membership.agency_id, Perm.AGENCY_ADMIN
            ),
        },
    )


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    nodes = selectors.agency_tree(selectors.agency_list_for_user(request.user))
    return render(request, "agencies/agency_list.html", {"nodes": nodes})


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.get_readable_or_404(
        request.user, Agency.objects.select_related("parent"), pk=pk
    )
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "children": list(
                permissions.filter_readable(request.user, agency.children.all()).order_by("code")
            ),
            "members": list(selectors.membership_list_for_agency(agency=agency)),
            "can_edit": permissions.can_change_agency_record(
                request.user, agency, Perm.AGENCY_ADMIN
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.get_changeable_or_404(
        request.user, Agency.objects.all(), Perm.AGENCY_ADMIN, pk=pk
    )
    form = AgencyContactForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(
                actor=request.user,
                agency=agency,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("staff:agency_detail", pk=agency.pk)
    return render(request, "agencies/agency_edit.html", {"agency": agency, "form": form})
