"""Batch intake (penghadapan): upload a CSV or XLSX file of handed-over clients.

The rules, the all-or-nothing policy and the column list live in clients.importing. The request
only stores the file and queues it; the worker checks and registers it (clients.tasks).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from clients import access, importing, tasks
from clients.models import ImportJob


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
def client_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form. A file is stored and queued for the worker; its page shows the progress and outcome."""
    office = request.user.office
    if office is None:
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importing.import_job_create(
                office=office, upload=upload, language=translation.get_language() or "id", acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            tasks.import_batch.enqueue(job.pk)
            return redirect("clients:import_job", job.pk)
    return render(
        request,
        "clients/import.html",
        {
            "form": form,
            "columns": importing.COLUMNS,
            "working_area": office.working_area.order_by("code"),
            "max_rows": importing.MAX_ROWS,
            "date_formats": importing.DATE_FORMATS_LABEL,
            "recent_jobs": ImportJob.objects.visible_to(request.user).select_related("uploaded_by")[:5],
        },
    )


@require_GET
@ability_required("client.import")
def import_job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """A batch import's progress; polled by htmx until it has finished, then its outcome as the import showed it."""
    job = access.get_import_job_for_user(request.user, job_id)
    result = importing.result_from_json(job.result) if job.state in ("done", "failed") and job.result else None
    context = {
        "job": job,
        "result": result,
        "file_errors": job.result.get("file_errors", []),
        "summary": importing.summary(result) if result is not None and result.ok else "",
    }
    template = "clients/_import_job.html" if request.htmx and not request.htmx.boosted else "clients/import_job.html"
    return render(request, template, context)
