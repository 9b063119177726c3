"""One-time form tokens: a create form sent twice (a double click, a resent POST) changes things once.

A form carries a fresh random token (`{% once_field %}`). The post runs its view inside one transaction
that first claims the token with a unique row; a second post of the same token waits for the first to
finish, finds the row and is sent where the first one went, with "This form has already been sent."
instead of creating the record again. Only an answer that redirects (the post-redirect-get of a
successful create) keeps the claim: a form shown again with its errors comes with a new token anyway,
and a claim on a failed post would turn a resent invalid form into "already sent".
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from submissions.models import FormSubmission

FIELD = "form_token"
KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP = datetime.timedelta(days=1)
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def new_key() -> str:
    return secrets.token_urlsafe(24)


def posted_key(request: HttpRequest) -> str | None:
    """The well-formed one-time token of a POST, or None (no token: the form is not protected)."""
    if request.method != "POST":
        return None
    key = request.POST.get(FIELD, "")
    return key if KEY.match(key) else None


@transaction.atomic
def submit_once(*, request: HttpRequest, key: str, handle: Callable[[], HttpResponse]) -> HttpResponse:
    """Run `handle` (the view) once for the token `key`; a repeat is redirected where the first went."""
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(key=key)
    except IntegrityError:
        # The first post committed its claim (a concurrent one waited on the unique index until then).
        first = FormSubmission.objects.filter(key=key).first()
        messages.info(request, _("This form has already been sent."))
        return redirect((first.redirect_to if first else "") or request.get_full_path())
    response = handle()
    if response.status_code in REDIRECTS and response.has_header("Location"):
        claim.redirect_to = response["Location"][:2000]
        claim.save(update_fields=["redirect_to"])
    else:
        claim.delete()
    FormSubmission.objects.filter(submitted_at__lt=timezone.now() - KEEP).delete()
    return response
