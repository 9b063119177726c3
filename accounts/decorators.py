from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts import scopes
from accounts.http import AuthenticatedHttpRequest

_P = ParamSpec("_P")
_R = TypeVar("_R", bound=HttpResponseBase)


def ability_required(
    ability: str,
) -> Callable[[Callable[Concatenate[AuthenticatedHttpRequest, _P], _R]], Callable[Concatenate[HttpRequest, _P], _R]]:
    """Anonymous users go to the login page; signed-in users without `ability` get 403."""

    def decorator(
        view: Callable[Concatenate[AuthenticatedHttpRequest, _P], _R],
    ) -> Callable[Concatenate[HttpRequest, _P], _R]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            if not scopes.can(request.user, ability):
                raise PermissionDenied
            # login_required (below) let only signed-in users through: request.user is a User.
            return view(cast(AuthenticatedHttpRequest, request), *args, **kwargs)

        return login_required(wrapped)

    return decorator
