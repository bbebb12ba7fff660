"""Staff pages for bulk import and export (CSV/XLSX)."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.catalogue import permissions, selectors, services, transfer
from gongkai.catalogue.forms import ImportForm
from gongkai.catalogue.views import _filters, staff_required

#: Export at most this many rows at once (filter to export more in parts).
EXPORT_MAX_ROWS = 50_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required
@require_http_methods(["GET", "POST"])
def record_import(request: HttpRequest) -> HttpResponse:
    agency = permissions.agency_for_new_records(request.user)
    if agency is None:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            header, rows = transfer.read_table(upload, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES)
        except ValidationError as exc:
            file_error = "；".join(exc.messages)
        else:
            result = transfer.validate_rows(agency=agency, header=header, rows=rows)
            if result.ok:
                try:
                    records = services.records_import(
                        actor=request.user,
                        agency=agency,
                        rows=[data for _n, data in result.rows],
                        source=upload.name,
                    )
                except ValidationError as exc:
                    file_error = "；".join(exc.messages)
                else:
                    messages.success(
                        request,
                        _("已导入 %(n)s 条信息（草稿），请逐条检查后提交保密审查。")
                        % {"n": len(records)},
                    )
                    return redirect(f"{_list_url()}?status=draft")
    return render(
        request,
        "catalogue/import.html",
        {
            "form": form,
            "result": result,
            "file_error": file_error,
            "columns": transfer.COLUMNS,
            "agency": agency,
        },
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("catalogue:record_list")


@staff_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = transfer.template_rows()
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="catalogue-import-template.{fmt}"'
    return response


@staff_required
def record_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("unknown format")
    _form, filters = _filters(request)
    records = selectors.record_list_for_staff(user=request.user, filters=filters).order_by("id")[
        :EXPORT_MAX_ROWS
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"catalogue-{stamp}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            transfer.export_csv(records.iterator(chunk_size=1000)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            transfer.export_xlsx(records.iterator(chunk_size=1000)), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
