"""Reads of the client registry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts import scopes
from clients import access
from clients.codes import COURT_GOVERNED, Program
from clients.models import Case, Client, ClientCount, RuleSet
from lib.dates import site_date


def rule_set_for(program: str, *, decision_date: datetime.date | None, decree_date: datetime.date) -> RuleSet:
    """The rule version in force for an episode: by decision date for court-governed programs, else decree date."""
    reference = decision_date if program in COURT_GOVERNED and decision_date else decree_date
    rule = RuleSet.objects.filter(program=program, valid_from__lte=reference).order_by("-valid_from").first()
    if rule is None:
        raise ValidationError(
            _("No rule version for %(program)s is in force on %(date)s; an administrator must add one."),
            code="no_rule_set",
            params={"program": Program(program).label, "date": site_date(reference)},
        )
    return rule


SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "start": ("current_episode__starts_on", "pk"),
    "-start": ("-current_episode__starts_on", "-pk"),
    "end": ("current_episode__ends_on", "pk"),
    "-end": ("-current_episode__ends_on", "-pk"),
    "registered": ("created_at", "pk"),
    "-registered": ("-created_at", "-pk"),
}


# Words that registers put between a name and the father's name ("Asep bin Ahmad").
_NAME_LINKS = {"bin", "binti"}


def _search_condition(query: str) -> Q:
    """What the search box matches: a NIK prefix, a register number, or every word of a name."""
    # An id list, not a correlated EXISTS: the database looks the few matching cases up once.
    prison_register = Q(pk__in=Case.objects.filter(prison_register_number=query).values("client_id"))
    if query.isdigit() and len(query) == 16:
        return Q(nik=query) | prison_register
    if query.isdigit() and len(query) >= 6:
        return Q(nik__startswith=query) | Q(register_number=query) | prison_register
    words = [w for w in query.lower().split() if w not in _NAME_LINKS]
    name = Q()
    for word in words:
        name &= Q(search_text__contains=word)
    return name | Q(register_number=query) | prison_register


def search_clients(
    user,
    *,
    query: str = "",
    program: str = "",
    status: str = "",
    phase: str = "",
    regency: str = "",
    officer: int | None = None,
    age_group: str = "",
    sort: str = "name",
    office: int | None = None,
) -> QuerySet[Client]:
    """Clients in the user's scope matching every given filter, in a fixed number of queries.

    Users without an office of their own (national administrators) see one office at a time.
    """
    qs = Client.objects.visible_to(user).for_list()
    if not user.office_id:
        qs = qs.filter(office_id=office) if office else qs.none()
    query = query.strip()
    if query:
        qs = qs.filter(_search_condition(query))
    if program:
        qs = qs.filter(current_episode__program=program)
    if status:
        qs = qs.filter(current_episode__status=status)
    if phase:
        qs = qs.filter(current_episode__phase=phase)
    if regency:
        qs = qs.filter(domicile_regency_id=regency)
    if officer:
        qs = qs.filter(current_episode__officer_id=officer)
    if age_group == "child":
        qs = qs.filter(is_child=True)
    elif age_group == "adult":
        qs = qs.filter(is_child=False)
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def client_count(user) -> int:
    """How many clients `user` can see, as `Client.objects.visible_to(user).count()` would say.

    Office, section and national figures come from the per-office counts the database keeps
    (`ClientCount`): a few rows, whatever the number of clients. The same access rule filters them
    (`clients_visible_to` reads only `office_id` and `is_child` for these scopes). A caseload is small and
    depends on the current officer, so it is counted directly.
    """
    from django.db.models import Sum

    if scopes.scope_of(user) == scopes.Scope.CASELOAD:
        return Client.objects.visible_to(user).count()
    counts = access.clients_visible_to(ClientCount.objects.all(), user)
    return counts.aggregate(n=Sum("count"))["n"] or 0
