"""Pages of the Litmas report: the structured editor, signing, and the signed PDFs. (Built in issue 13.)"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def _not_built(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("litmas/<int:request_id>/laporan/", _not_built, name="report"),
    path("litmas/<int:request_id>/tanda-tangan/", _not_built, name="sign"),
    path("litmas/dokumen/<int:document_id>.pdf", _not_built, name="document"),
]
