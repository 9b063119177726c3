"""Sign-in (with an optional TOTP second factor), account security, and the staff directory."""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import forms, scopes, selectors, services
from accounts import language as languages
from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role
from audit import services as audit
from lib import params
from lib.paging import paginate

PENDING_KEY = "otp_pending"
PENDING_SECONDS = 300
ACCOUNT_FORM_FIELDS = [
    "username",
    "full_name",
    "nip",
    "email",
    "phone",
    "role",
    "jenjang",
    "section",
    "office",
    "kanwil",
    "partner",
    "is_active",
]


def lockout(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins: how long to wait, in minutes."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    """Password first; accounts with a confirmed TOTP device then go to the code step."""

    form_class = forms.LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if selectors.has_totp(user):
            self.request.session[PENDING_KEY] = {
                "user_id": user.pk,
                "backend": user.backend,
                "since": time.time(),
                "next": self.get_redirect_url(),
            }
            return redirect("accounts:login_otp")
        return super().form_valid(form)


def login_otp(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.warning(request, _("Your sign-in took too long. Enter your password again."))
        return redirect("accounts:login")
    device = TOTPDevice.objects.filter(user_id=pending["user_id"], confirmed=True).select_related("user").first()
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            request.session.pop(PENDING_KEY, None)
            auth.login(request, device.user, backend=pending["backend"])
            otp_login(request, device)
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
                target = reverse("dashboard:home")
            return redirect(target)
        else:
            form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
    return render(request, "registration/login_otp.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn the TOTP second factor on or off for one's own account.

    Reading the page writes nothing: the secret to scan is made only when the user asks for it
    (a POST with `setup`), and the code is checked against that pending device.
    """
    user = request.user
    enabled = selectors.has_totp(user)
    context: dict = {"enabled": enabled}
    if not enabled:
        if (
            request.method == "POST" and request.POST.get("setup") == "1"
        ):  # the button's value; anything else is not a request
            services.totp_start(user=user)
            return redirect("accounts:security")
        device = selectors.pending_totp(user)
        form = forms.TokenForm(request.POST or None)
        if request.method == "POST" and device is None:
            return redirect("accounts:security")
        if request.method == "POST" and form.is_valid():
            if services.totp_confirm(user=user, device=device, token=form.cleaned_data["token"]):
                otp_login(request, device)
                messages.success(request, _("Two-step sign-in is on. You will be asked for a code at every sign-in."))
                return redirect("accounts:security")
            form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
        if device is not None:
            context.update(
                form=form,
                secret=device.key,
                qr_svg=segno.make(device.config_url, error="m").svg_inline(scale=4),
            )
    return render(request, "accounts/security.html", context)


@require_POST
@login_required
def security_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.check_password(request.POST.get("password", "")):
        messages.error(request, _("Enter your current password to turn two-step sign-in off."))
        return redirect("accounts:security")
    services.totp_disable(user=request.user, acting_user=request.user)
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("accounts:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        audit.record(actor=user, action="account.password_changed", obj=user, office=user.office)
        messages.success(self.request, _("Your password was changed."))
        return response


@require_GET
@ability_required("staff.view")
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = params.text(request.GET.get("q"))
    role = params.choice(request.GET.get("role"), Role.values)
    accounts = selectors.accounts_for_list(request.user, query=query, role=role)
    page, querystring = paginate(request, accounts, 25)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "page": page,
            "querystring": querystring,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "show_personal": scopes.can(request.user, "staff.view_personal"),
            "can_manage": scopes.can(request.user, "staff.manage"),
        },
    )


@require_GET
@ability_required("staff.view")
def staff_detail(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = selectors.get_account_for_user(request.user, account_id)
    show_personal = scopes.can(request.user, "staff.view_personal")
    if show_personal:
        audit.record_view(
            actor=request.user, obj=account, office=account.office, ip_address=request.META.get("REMOTE_ADDR")
        )
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "account": account,
            "show_personal": show_personal,
            "can_manage": scopes.can(request.user, "staff.manage"),
        },
    )


@ability_required("staff.manage")
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AccountForm(request.POST or None, acting_user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ACCOUNT_FORM_FIELDS if name in form.cleaned_data}
        try:
            account = services.staff_create(
                acting_user=request.user, password=form.cleaned_data.get("password") or None, **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Account %(name)s was created.") % {"name": account})
            return redirect("accounts:staff_detail", account.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@ability_required("staff.manage")
def staff_edit(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = selectors.get_account_for_user(request.user, account_id, write=True)
    form = forms.AccountForm(request.POST or None, instance=account, acting_user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ACCOUNT_FORM_FIELDS if name in form.cleaned_data}
        try:
            services.staff_update(
                user=account,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:staff_detail", account.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "creating": False, "account": account})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the page header: stores the choice on the account and on this device."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")  # the page the switch was on: a path on this site
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in languages.CODES:
        return response
    if request.user.is_authenticated:
        services.language_choose(user=request.user, language=language)
    languages.remember_choice(response, language)
    return response
