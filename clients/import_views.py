"""Batch intake (penghadapan): upload a CSV or XLSX file of handed-over clients.

The rules, the all-or-nothing policy and the column list live in clients.importing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import ability_required
from clients import importing


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=format_lazy(
            _("At most 5 MB and {rows} rows; the first row holds the column names."), rows=importing.MAX_ROWS
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


@require_http_methods(["GET", "POST"])
@ability_required("client.import")
def client_import(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None:
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.parse_upload(upload)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            result = importing.import_rows(rows, office=office, acting_user=request.user, filename=upload.name)
            if result.ok:
                messages.success(request, importing.summary(result))
                return redirect(f"{reverse('clients:list')}?sort=-registered")
    return render(
        request,
        "clients/import.html",
        {
            "form": form,
            "result": result,
            "columns": importing.COLUMNS,
            "working_area": office.working_area.order_by("code"),
            "max_rows": importing.MAX_ROWS,
            "date_formats": importing.DATE_FORMATS_LABEL,
        },
    )
