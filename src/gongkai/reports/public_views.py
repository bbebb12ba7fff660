"""The published report as a public page plus DOCX, PDF and HTML downloads (条例第四十九条).

Only published versions are shown; a corrected version replaces the page, earlier versions
stay downloadable with ``?version=N`` and their change notes are listed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.annual.writers import render_html
from gongkai.catalogue.files import content_disposition
from gongkai.reports import selectors
from gongkai.reports.documents import CONTENT_TYPES, PdfUnavailable, render_report, version_report

PUBLIC_FORMATS = ("docx", "pdf", "html")


@require_safe
def report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    found = selectors.report_for_public(code=code, year=year)
    if found is None:
        raise Http404("no published report")
    annual, version, versions = found
    figures = version_report(version.data)
    # the writer escapes every text it places
    article = mark_safe(render_html(figures, dict(version.narrative), full_page=False))
    return render(
        request,
        "reports/public_report.html",
        {
            "annual": annual,
            "version": version,
            "versions": versions,
            "article": article,
            "formats": PUBLIC_FORMATS,
        },
    )


@require_safe
def download(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in PUBLIC_FORMATS:
        raise Http404("unknown format")
    found = selectors.report_for_public(code=code, year=year)
    if found is None:
        raise Http404("no published report")
    annual, version, versions = found
    number = request.GET.get("version", "")
    if number:
        version = next((v for v in versions if str(v.number) == number), None)  # type: ignore[assignment]
        if version is None:
            raise Http404("no such version")
    try:
        data = render_report(version_report(version.data), dict(version.narrative), fmt)
    except PdfUnavailable as exc:
        raise Http404("PDF writer not installed") from exc
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(f"{annual.title}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        )
    return response
