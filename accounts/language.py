"""The interface language: the user's saved choice, never the browser's Accept-Language.

Officers share office computers and phones whose browsers are often set to English; the office works in
Bahasa Indonesia. So the language is, in order: the signed-in user's saved choice (`User.language`,
stored by the language switch), the choice made on this device before signing in (the language cookie,
set by the same switch: the login page, a client's remote check-in page), and otherwise Bahasa Indonesia
(`settings.LANGUAGE_CODE`).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_for(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in CODES:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in CODES:
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activates `language_for(request)`; replaces Django's LocaleMiddleware (which reads Accept-Language).

    Sits after AuthenticationMiddleware, so it knows the user. Responses vary on the cookie, which also
    carries the session, so a shared cache never serves one user's language to another.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def remember_choice(response, language: str) -> None:
    """Keeps the choice on this device too, for the pages before signing in."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
