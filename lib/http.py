"""Request types for annotations: what the middleware adds to Django's HttpRequest."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (settings.MIDDLEWARE), so it has `htmx`.

    For type annotations only: Django builds its own HttpRequest, never this class.
    """

    htmx: HtmxDetails
