"""Staff page: 工作日计算 (working-day calculator)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.workdays.schedule import WEEKDAY_NAMES

from .forms import WorkdaysForm
from .selectors import calendar_for_platform, outside_supported_range


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    form = WorkdaysForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        start, n = form.cleaned_data["start"], form.cleaned_data["n"]
        calendar = calendar_for_platform()
        try:
            refusal = outside_supported_range(start, calendar)
            if refusal is not None:
                raise ValueError(refusal)
            due = calendar.add_workdays(start, n)
        except ValueError as exc:
            form.add_error("start" if refusal else None, str(exc))
        else:
            context.update(start=start, n=n, due=due, weekday=WEEKDAY_NAMES[due.day.weekday()])
    return render(request, "calendars/calculator.html", context)
