"""The Content-Security-Policy header (django-csp), on every response except PDFs."""

from __future__ import annotations

from csp.middleware import CSPMiddleware as BaseCSPMiddleware


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, minus PDF responses.

    Chromium shows a PDF inside a page it builds itself, and applies the PDF response's own policy to
    that page: `object-src 'none'` and `style-src 'self'` leave the viewer blank. A PDF runs no script
    of ours, so it loses nothing without the header.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)
