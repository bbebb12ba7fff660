"""Staff account pages: logging out, the second factor (/staff/2fa/).

Each view reads: permission check → service/selector → render (STYLE.md, example 11).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from gongkai.agencies import permissions, selectors, services
from gongkai.agencies.forms import OneTimeCodeForm
from gongkai.agencies.middleware import note_device
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm


class StaffLogoutView(LogoutView):
    """POST logs out (as Django's view); GET asks first instead of answering an empty 405:
    a bookmarked or typed /staff/logout/ must not log anyone out without a click (CSRF)."""

    http_method_names = ["get", "post", "options"]  # noqa: RUF012

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "staff/logout.html")


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _qr_svg(device: Any) -> str:
    return str(
        segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("扫描此二维码"))
    )


def _secret_groups(device: Any) -> str:
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """账号安全: set up, replace or remove the authenticator app; an agency's 管理员 also
    decides whether the agency's staff must use one."""
    user = request.user
    device = selectors.two_factor_device_for_user(user=user)  # type: ignore[arg-type]
    if device is not None and not user.is_verified():  # type: ignore[union-attr]
        # Only a login confirmed with the present device may change it.
        return redirect(f"{reverse('staff:two_factor_verify')}?next={request.path}")
    required = permissions.two_factor_required(user)
    membership = selectors.membership_for_user(user)
    admin_agency: Agency | None = None
    if membership is not None and permissions.can_change_agency_record(
        user, membership.agency_id, Perm.AGENCY_ADMIN
    ):
        admin_agency = membership.agency
    form = OneTimeCodeForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "start":
            services.two_factor_start(user=user)  # type: ignore[arg-type]
            return redirect("staff:two_factor")
        if action == "confirm":
            form = OneTimeCodeForm(request.POST)
            if form.is_valid():
                confirmed = services.two_factor_confirm(
                    user=user,  # type: ignore[arg-type]
                    token=form.cleaned_data["token"],
                )
                if confirmed is not None:
                    otp_login(request, confirmed)
                    note_device(request, present=True)
                    messages.success(
                        request, _("双因素认证已启用，以后每次登录都需要输入动态验证码。")
                    )
                    return redirect(_next_url(request, reverse("staff:two_factor")))
                form.add_error("token", _("验证码不正确或已过期，请输入应用当前显示的数字。"))
        elif action == "disable":
            if required:
                raise PermissionDenied
            form = OneTimeCodeForm(request.POST)
            if form.is_valid():
                if services.two_factor_verify(user=user, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
                    services.two_factor_disable(actor=user, user=user)  # type: ignore[arg-type]
                    note_device(request, present=False)
                    messages.success(request, _("双因素认证已停用。"))
                    return redirect("staff:two_factor")
                form.add_error("token", _("验证码不正确或已过期，请输入应用当前显示的数字。"))
        elif action == "require":
            if admin_agency is None:
                raise PermissionDenied
            services.agency_set_two_factor(
                actor=user, agency=admin_agency, required=request.POST.get("required") == "1"
            )
            messages.success(request, _("已保存。"))
            return redirect("staff:two_factor")
        else:
            raise BadRequest("unknown action")
    pending = None
    if device is None:
        pending = selectors.two_factor_device_for_user(user=user, confirmed=False)  # type: ignore[arg-type]
    context: dict[str, Any] = {
        "device": device,
        "pending": pending,
        "required": required,
        "form": form,
        "admin_agency": admin_agency,
        "next": _next_url(request, ""),
    }
    if pending is not None:
        context.update(qr_svg=_qr_svg(pending), secret=_secret_groups(pending))
    return render(request, "staff/two_factor.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code from the authenticator app."""
    destination = _next_url(request, reverse("staff:dashboard"))
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(destination)
    device = selectors.two_factor_device_for_user(user=user)  # type: ignore[arg-type]
    if device is None:
        return HttpResponseRedirect(destination)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        verified = services.two_factor_verify(user=user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        if verified is not None:
            otp_login(request, verified)
            return HttpResponseRedirect(destination)
        if not allowed and info and info.get("locked_until"):
            form.add_error("token", _("尝试次数过多，请稍等片刻再输入。"))
        else:
            form.add_error("token", _("验证码不正确或已过期，请输入应用当前显示的数字。"))
    return render(request, "staff/two_factor_verify.html", {"form": form, "next": destination})
