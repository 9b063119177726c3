from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from accounts.models import Role, User
from lib import forms as lib_forms
from organizations.models import Kanwil, Office
from partners.models import Partner


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _("The NIP/username or password is wrong. Note that both are case-sensitive."),
        "inactive": _("This account has been deactivated. Contact your office administrator."),
    }


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=20,
        error_messages={"invalid": _("Enter the 6-digit code shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class AccountForm(forms.ModelForm):
    """Shape of an account; the rules (role needs office, NIP checks) live on the model."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to create the account without a password; it can be set later."),
    )

    class Meta:
        model = User
        formfield_callback = lib_forms.formfield
        fields = [
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

    def __init__(self, *args, acting_user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        lib_forms.field(self, "office", forms.ModelChoiceField).queryset = Office.objects.visible_to(acting_user)
        lib_forms.field(self, "partner", forms.ModelChoiceField).queryset = Partner.objects.visible_to(acting_user)
        national = scopes.scope_of(acting_user) == scopes.Scope.NATIONAL
        if national:
            lib_forms.field(self, "kanwil", forms.ModelChoiceField).queryset = Kanwil.objects.all()
        else:
            # An office administrator manages the people of that office only.
            del self.fields["kanwil"]
            role = lib_forms.field(self, "role", forms.ChoiceField)
            # A model field's choices, which ChoiceField has already made a list of (value, label) pairs.
            choices = cast(list[tuple[str, str]], role.choices)
            role.choices = [c for c in choices if c[0] != Role.KANWIL_VIEWER]
            self.fields["office"].initial = acting_user.office_id
        if not creating:
            del self.fields["password"]
            self.fields["version"].initial = self.instance.version
        self.fields["nip"].error_messages["unique"] = _("Another account already has this NIP.")

    def clean_nip(self):
        return self.cleaned_data.get("nip") or None

    def clean_office(self):
        office = self.cleaned_data.get("office")
        if scopes.scope_of(self.acting_user) != scopes.Scope.NATIONAL and office is None:
            return self.acting_user.office
        return office

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                username=cleaned.get("username", ""),
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned
