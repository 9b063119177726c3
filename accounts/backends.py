import re

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class NipOrUsernameBackend(ModelBackend):
    """Sign in with the username or, for staff, the 18-digit NIP."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and re.fullmatch(r"[0-9]{18}", username):
            found = User.objects.filter(nip=username).values_list("username", flat=True).first()
            if found:
                username = found
        return super().authenticate(request, username=username, password=password, **kwargs)
