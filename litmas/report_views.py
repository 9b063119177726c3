"""Pages of the Litmas report: the structured editor, signing, and the signed PDFs (issue 13, point 3).

Whoever may see the request (`litmas.access`) reads the report; only the assigned PK writes and signs it
(the services check the row, the views the ability). A refused save keeps what the PK typed in the form.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from audit import services as audit
from lib import private_files
from litmas import access, documents, flow, selectors, services
from litmas.codes import State
from litmas.models import LitmasDocument, LitmasReport, LitmasRequest
from litmas.prefill import prefill

logger = logging.getLogger(__name__)

# A section is a few pages at most; a 10-page report is some 30,000 characters in all.
SECTION_MAX_LENGTH = 20_000


class ReportForm(forms.Form):
    """One text per section of the request's template, in order, and the draft's version when it was loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sections: list[dict], offered: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.offered = offered
        for section in sections:
            self.fields[self.name_of(section)] = forms.CharField(
                label=section["title"],
                help_text=section.get("help", ""),
                required=False,  # a draft may be saved half written; the signature asks for the required ones
                max_length=SECTION_MAX_LENGTH,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    @staticmethod
    def name_of(section: dict) -> str:
        return f"section-{section['key']}"

    def content(self) -> dict[str, str]:
        return {s["key"]: self.cleaned_data[self.name_of(s)].strip() for s in self.sections}

    def rows(self):
        """(section, bound field, offered from the system) in the template's order, for the page."""
        return [
            (section, self[self.name_of(section)], section["key"] in self.offered and not self.is_bound)
            for section in self.sections
        ]


def _report_of(request: LitmasRequest) -> LitmasReport | None:
    return LitmasReport.objects.filter(request=request).first()


def _edit_refusal(user, request: LitmasRequest) -> str:
    """Why `user` may not edit the report now ("" if they may)."""
    if not scopes.can(user, "litmas.write") or not access.is_assigned_officer(user, request):
        return _("Only the PK assigned to this Litmas writes its report; you can read it here.")
    if request.state not in flow.EDITABLE_STATES:
        return _("The report cannot be edited now: the request is at “%(state)s”.") % {
            "state": State(request.state).label
        }
    return ""


@require_http_methods(["GET", "POST"])
@ability_required("litmas.view")
def report_edit(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    if request.method == "POST" and not scopes.can(request.user, "litmas.write"):
        raise PermissionDenied
    litmas = access.get_request_for_user(request.user, request_id, write=request.method == "POST")
    report = _report_of(litmas)
    saved = report.content if report else {}
    sections = litmas.litmas_type.template.sections
    refusal = _edit_refusal(request.user, litmas)
    # The register's text fills the empty sections on the first opening, and again when the PK asks for it: a
    # section the PK emptied on purpose stays empty.
    never_saved = report is None or report.updated_by_id is None
    wants_prefill = never_saved or request.GET.get("prefill") == "1"
    offered = prefill(litmas, only_empty=saved) if not refusal and wants_prefill else {}
    initial = {ReportForm.name_of(s): saved.get(s["key"], "") or offered.get(s["key"], "") for s in sections}
    initial["version"] = report.version if report else None
    form = ReportForm(request.POST or None, initial=initial, sections=sections, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                request=litmas,
                acting_user=request.user,
                content=form.content(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)  # the form stays bound: what the PK typed is shown again
        else:
            messages.success(request, _("The report was saved."))
            return redirect("litmas:report", litmas.pk)
    can_sign = (
        litmas.state == State.APPROVED
        and scopes.can(request.user, "litmas.write")
        and access.is_assigned_officer(request.user, litmas)
    )
    return render(
        request,
        "litmas/report_edit.html",
        {
            "litmas": litmas,
            "report": report,
            "form": form,
            "rows": form.rows(),
            "editable": not refusal or form.is_bound,  # a refused post keeps the text typed
            "refusal": refusal,
            "missing": selectors.missing_sections(litmas, saved),
            "documents": LitmasDocument.objects.filter(request=litmas).select_related("signed_by"),
            "can_sign": can_sign,
            "can_prefill": not refusal and not wants_prefill,
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("litmas.write")
def report_sign(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """The confirmation page (what signing does), and the POST that signs and makes the PDF."""
    litmas = access.get_request_for_user(request.user, request_id, write=True)
    if request.method == "GET":
        return render(request, "litmas/report_sign.html", {"litmas": litmas})
    try:
        document = documents.report_sign(request=litmas, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The report was signed as %(number)s (version %(version)s).")
            % {"number": document.register_number, "version": document.number},
        )
    return redirect("litmas:report", litmas.pk)


@require_GET
@ability_required("litmas.view")
def document_pdf(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponseBase:
    """A signed report's PDF, for whoever may see the request (404 otherwise), after its hash is checked."""
    document = get_object_or_404(
        LitmasDocument.objects.visible_to(request.user).select_related("request", "office"), pk=document_id
    )
    try:
        documents.verified_bytes(document)
    except documents.DocumentAltered:
        logger.error("Litmas document %s does not match its SHA-256", document.pk)
        return render(request, "litmas/report_document_altered.html", {"document": document}, status=409)
    with transaction.atomic():
        audit.record_view(
            actor=request.user, obj=document, office=document.office, ip_address=request.META.get("REMOTE_ADDR")
        )
    filename = f"litmas-{document.register_number.replace('/', '-')}-v{document.number}.pdf"
    return private_files.serve(document.pdf, content_type="application/pdf", filename=filename)


urlpatterns = [
    path("litmas/<int:request_id>/laporan/", report_edit, name="report"),
    path("litmas/<int:request_id>/tanda-tangan/", report_sign, name="sign"),
    path("litmas/dokumen/<int:document_id>.pdf", document_pdf, name="document"),
]
