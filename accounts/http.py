"""The request a view sees once a sign-in is required: `request.user` is a User, never AnonymousUser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lib.http import HtmxHttpRequest

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request of a view behind `login_required` or `ability_required` (the django-stubs pattern).

    For type annotations only: Django builds its own HttpRequest, never this class.
    """

    user: User
