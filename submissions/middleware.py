"""Runs a view posted with a one-time form token through `services.submit_once`."""

from __future__ import annotations

from submissions import services


class OneTimeFormMiddleware:
    """A POST that carries `form_token` runs its view once per token, in one transaction with the claim.

    In `process_view`, after the CSRF check (listed after CsrfViewMiddleware), so a refused post claims
    nothing. Forms opt in through their template (`{% once_field %}`); views need no code of their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = services.posted_key(request)
        if key is None:
            return None
        return services.submit_once(
            request=request, key=key, handle=lambda: view_func(request, *view_args, **view_kwargs)
        )
