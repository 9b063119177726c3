"""Who may see and do what: the one place that maps roles to scopes and abilities.

Every QuerySet's `visible_to()` and every `get_<model>_for_user()` helper calls
into this module, so a change of policy happens here once.

Scopes, from narrow to wide: own caseload (PK, APK), section (section head),
office (head, registration, TPP secretary, auditor, office administrator),
Kanwil (Kanwil viewer), national (an administrator without an office).
Partner users see only what was referred to their organisation.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from accounts.models import READ_ONLY_ROLES, Role, Section


class Scope(models.TextChoices):
    CASELOAD = "caseload"
    SECTION = "section"
    OFFICE = "office"
    KANWIL = "kanwil"
    NATIONAL = "national"
    PARTNER = "partner"


_ROLE_SCOPES = {
    Role.PK: Scope.CASELOAD,
    Role.APK: Scope.CASELOAD,
    Role.SECTION_HEAD: Scope.SECTION,
    Role.HEAD: Scope.OFFICE,
    Role.REGISTRATION: Scope.OFFICE,
    Role.TPP_SECRETARY: Scope.OFFICE,
    Role.AUDITOR: Scope.OFFICE,
    Role.KANWIL_VIEWER: Scope.KANWIL,
    Role.PARTNER: Scope.PARTNER,
}


def scope_of(user) -> Scope | None:
    if not (user.is_authenticated and user.is_active):
        return None
    if user.role == Role.ADMINISTRATOR:
        return Scope.OFFICE if user.office_id else Scope.NATIONAL
    return _ROLE_SCOPES.get(user.role)


_QS = TypeVar("_QS", bound=models.QuerySet)


def filter_by_office(qs: _QS, user, *, field: str) -> _QS:
    """Keep the rows of `qs` whose office (reached through `field`) lies in the user's scope.

    `field` is the path from the row to its Office ("office", "client__office"),
    or "pk" when `qs` is of offices themselves.
    """
    scope = scope_of(user)
    if scope is None:
        return qs.none()
    if scope == Scope.NATIONAL:
        return qs
    prefix = "" if field == "pk" else f"{field}__"
    if scope == Scope.KANWIL:
        return qs.filter(**{f"{prefix}kanwil_id": user.kanwil_id})
    return qs.filter(**{field if field != "pk" else "pk": user.office_id})


# Abilities a view checks before it looks anything up. A role outside the set
# gets 403; an object outside the user's scope gets 404.
ABILITIES: dict[str, frozenset[str]] = {
    "office.view": frozenset(Role) - {Role.PARTNER},
    "office.manage": frozenset({Role.ADMINISTRATOR}),
    "location.manage": frozenset({Role.ADMINISTRATOR, Role.HEAD}),
    "staff.view": frozenset({Role.ADMINISTRATOR, Role.HEAD, Role.SECTION_HEAD, Role.AUDITOR}),
    "staff.manage": frozenset({Role.ADMINISTRATOR}),
    "staff.view_personal": frozenset({Role.ADMINISTRATOR, Role.HEAD, Role.AUDITOR}),
    "audit.view": frozenset({Role.ADMINISTRATOR, Role.AUDITOR}),
    "client.view": frozenset(Role) - {Role.KANWIL_VIEWER, Role.PARTNER},
    "client.create": frozenset({Role.REGISTRATION, Role.PK, Role.APK, Role.SECTION_HEAD, Role.HEAD}),
    "client.import": frozenset({Role.REGISTRATION, Role.SECTION_HEAD, Role.HEAD}),
    "client.assign": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "checkin.record": frozenset({Role.REGISTRATION, Role.PK, Role.APK, Role.SECTION_HEAD, Role.HEAD}),
    # Supervision (issue 4). Each app owns the lines of its abilities; see its services for the rules.
    "reporting.allow_remote": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "reporting.review_remote": frozenset({Role.PK, Role.SECTION_HEAD, Role.HEAD}),
    "reporting.intensify": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "fieldwork.record": frozenset({Role.PK, Role.APK, Role.SECTION_HEAD, Role.HEAD}),
    "phase.propose": frozenset({Role.PK, Role.SECTION_HEAD}),
    "phase.approve": frozenset({Role.HEAD}),
    "board.view": frozenset({Role.HEAD, Role.SECTION_HEAD, Role.PK, Role.TPP_SECRETARY, Role.AUDITOR}),
    "board.manage": frozenset({Role.TPP_SECRETARY, Role.HEAD}),
    "violation.report": frozenset({Role.PK, Role.APK, Role.SECTION_HEAD, Role.HEAD}),
    "violation.examine": frozenset({Role.PK, Role.SECTION_HEAD}),
    "violation.respond": frozenset({Role.HEAD}),
    "violation.suspend": frozenset({Role.HEAD}),
    "violation.revoke": frozenset({Role.HEAD}),
    "transfer.request": frozenset({Role.PK, Role.SECTION_HEAD}),
    "transfer.decide": frozenset({Role.HEAD}),
    "transfer.accept": frozenset({Role.HEAD, Role.SECTION_HEAD}),
    "permit.request": frozenset({Role.PK, Role.APK, Role.REGISTRATION, Role.SECTION_HEAD}),
    "permit.decide": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "episode.close": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "closing_report.write": frozenset({Role.PK, Role.SECTION_HEAD}),
    "calendar.manage": frozenset({Role.ADMINISTRATOR}),
    "queue.officers": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    # Partnership (issue 5): the partners and referrals apps own these lines.
    "partner.view": frozenset({Role.ADMINISTRATOR, Role.HEAD, Role.SECTION_HEAD, Role.PK, Role.APK, Role.AUDITOR}),
    "partner.manage": frozenset({Role.ADMINISTRATOR, Role.HEAD}),
    "agreement.manage": frozenset({Role.ADMINISTRATOR, Role.HEAD}),
    "partnership.report": frozenset({Role.ADMINISTRATOR, Role.HEAD, Role.SECTION_HEAD, Role.AUDITOR}),
    "referral.create": frozenset({Role.PK, Role.SECTION_HEAD}),
    "referral.approve": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "portal.use": frozenset({Role.PARTNER}),
    # clients, movements, referrals, partners, organizations (issue 11: rules that lived in those apps).
    # Heads and section heads watch the office's transfers and permits (their queue, the receiving desk).
    "movements.oversee": frozenset({Role.HEAD, Role.SECTION_HEAD}),
    # A PK sees the transfers of the clients they guide and those they asked for.
    "transfer.view_own": frozenset({Role.PK}),
    # Who is alerted about referrals on the home page (partners' concerns, late answers, approvals).
    "referral.alerts": frozenset({Role.PK, Role.APK, Role.SECTION_HEAD, Role.HEAD}),
    # supervision, fieldwork, violations, board, dashboard
    "office.overview": frozenset({Role.ADMINISTRATOR, Role.HEAD, Role.AUDITOR}),
    "reporting.review_queue": frozenset({Role.PK}),
    "reporting.lift_sanction": frozenset({Role.HEAD}),
    # allocation (issue 12): officers' workload. The head sees the office's PKs, a section head their section's;
    # a PK sees their own load only.
    "workload.view": frozenset({Role.HEAD, Role.SECTION_HEAD}),
    "workload.view_own": frozenset({Role.PK}),
    # The explained proposals of PKs for clients without one (issue 12 point 3): who assigns PKs by hand.
    "allocation.propose": frozenset({Role.HEAD, Role.SECTION_HEAD}),
    # The office's allocation policy (continuity threshold, seniority cost): set by the head (issue 12 point 2).
    "allocation.policy": frozenset({Role.HEAD}),
    # Litmas (issue 13): the front desk records request letters and sends the reports; the head disposes and
    # acknowledges; section heads (and the head) assign a PK; the PK writes; the TPP secretary records the board.
    "litmas.view": frozenset(
        {Role.ADMINISTRATOR, Role.HEAD, Role.SECTION_HEAD, Role.PK, Role.REGISTRATION, Role.TPP_SECRETARY, Role.AUDITOR}
    ),
    "litmas.record": frozenset({Role.REGISTRATION, Role.SECTION_HEAD, Role.HEAD}),
    "litmas.dispose": frozenset({Role.HEAD}),
    "litmas.assign": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    "litmas.write": frozenset({Role.PK}),
    "litmas.board": frozenset({Role.TPP_SECRETARY, Role.HEAD}),
    "litmas.acknowledge": frozenset({Role.HEAD}),
    "litmas.send": frozenset({Role.REGISTRATION, Role.PK, Role.SECTION_HEAD, Role.HEAD}),
    "litmas.cancel": frozenset({Role.SECTION_HEAD, Role.HEAD}),
    # Guidance plan (issue 13 point 5): the episode's PK (guidance.access checks it is theirs) or a section head
    # drafts the plan and puts it before the case board, which approves it.
    "plan.write": frozenset({Role.PK, Role.SECTION_HEAD}),
    # Assessment (issue 13 point 4): the PK fills the risk and needs instrument, the section head may stand in;
    # whoever sees the client's case sees its assessments (assessment.access).
    "assessment.fill": frozenset({Role.PK, Role.SECTION_HEAD}),
    "assessment.view": frozenset(Role) - {Role.KANWIL_VIEWER, Role.PARTNER},
}


# --- clients, movements, referrals, partners, organizations ----------------------------------------
# Named predicates for rules that are not an ability of the acting user (who may guide a client, which
# section's rows a user works on). QuerySet forms live on accounts.models.UserQuerySet.


def may_guide(user) -> bool:
    """Whether `user` may be a client's PK (the officer of an episode)."""
    return user.role == Role.PK


def may_assist(user) -> bool:
    """Whether `user` may be an episode's assistant: an APK, or a PK standing in."""
    return user.role in (Role.APK, Role.PK)


def works_with_children(user) -> bool:
    """Whether `user` works in the children's section (BKA), the only one that guides children."""
    return user.section == Section.BKA


def section_guiding(is_child: bool) -> str:
    """The section whose PKs guide a client: children the BKA's, adults the BKD's (the allocation's pools)."""
    return Section.BKA if is_child else Section.BKD


def section_of_officer(user) -> str:
    """The section a PK works in, for the allocation's pools (an officer without one counts as BKD's, as on
    the workload page)."""
    return user.section or Section.BKD


def in_pool(officer, *, is_child: bool) -> bool:
    """Whether `officer` is in the pool of a client (`is_child`) when PKs are proposed: their section guides it."""
    return section_of_officer(officer) == section_guiding(is_child)


def is_partner_role(role: str) -> bool:
    """Whether a role (a `User.role` value, e.g. of a grouped count) is a partner organisation's user."""
    return role == Role.PARTNER


def section_filter(user, *, field: str = "is_child") -> models.Q:
    """The rows of the user's section: the head oversees both sections (no filter); anyone else sees the
    children's rows when they work in BKA, the adults' otherwise. `field` is the path to the row's
    `is_child` flag ("is_child", "episode__is_child")."""
    if user.role == Role.HEAD:
        return models.Q()
    return models.Q(**{field: works_with_children(user)})


def can(user, ability: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in roles_with(ability)


def check_write(user, *, write: bool) -> None:
    """403 when a lookup for a change comes from a read-only account (auditor, Kanwil viewer): the access modules'
    `get_<model>_for_user(..., write=True)` call this after the object is found in the user's scope."""
    if write and user.is_read_only:
        raise PermissionDenied


def may_see_children(user) -> bool:
    """Children's records (UU 11/2012 SPPA) are for the head and the children's section (BKA) only.

    One rule for every model about a child: clients, episodes and their rows, and the audit events about them.
    """
    return user.role == Role.HEAD or user.section == Section.BKA


# supervision, fieldwork, violations, board, dashboard


def sees_only_own_caseload(user) -> bool:
    """A PK or APK: their pages list the clients they guide, nobody else's."""
    return scope_of(user) == Scope.CASELOAD


def filter_case_rows(
    qs: _QS,
    user,
    *,
    office: str = "office",
    officers: tuple[str, ...] = ("episode__officer", "episode__assistant"),
    is_child: str = "episode__is_child",
) -> _QS:
    """Keep the rows of `qs` about a client's case that `user` may see; the paths lead from a row to its office,
    to the PK and APK who guide the case, and to whether the case is a child's.

    - PK, APK: the cases they guide, in their office;
    - section head: their office's cases of their section (BKA children, BKD adults);
    - head and the other office roles: their office's cases; a national administrator every office's;
      children's cases only for those who may see them (`may_see_children`);
    - Kanwil viewers, partners and anyone signed out: none.
    """
    scope = scope_of(user)
    if scope is None or scope in (Scope.KANWIL, Scope.PARTNER):
        return qs.none()
    in_office = {f"{office}_id": user.office_id}
    if scope == Scope.CASELOAD:
        guides = Q()
        for path in officers:
            guides |= Q(**{path: user})
        return qs.filter(guides, **in_office)
    if scope == Scope.SECTION:
        return qs.filter(**in_office, **{is_child: works_with_children(user)})
    if scope == Scope.OFFICE:
        qs = qs.filter(**in_office)
    if not may_see_children(user):
        qs = qs.filter(**{is_child: False})
    return qs


def roles_with(ability: str) -> frozenset[str]:
    """The roles `can(user, ability)` answers yes for (for a query on the role of many users at once)."""
    roles = ABILITIES[ability]
    if ability.endswith(".manage"):
        roles = roles - READ_ONLY_ROLES
    return frozenset(roles)


# The roles whose scope is their own caseload (PK, APK).
CASELOAD_ROLES = frozenset(role for role, scope in _ROLE_SCOPES.items() if scope == Scope.CASELOAD)


def officers_in_reach(qs: _QS, user) -> _QS:
    """The active PKs and APKs of `qs` whose work queues `user` opens (`queue.officers`): a section head's
    section, the head's whole office; none for everyone else. `qs` is a queryset of users.
    """
    if not can(user, "queue.officers"):
        return qs.none()
    qs = qs.filter(office_id=user.office_id, role__in=sorted(CASELOAD_ROLES), is_active=True)
    if scope_of(user) == Scope.SECTION:
        return qs.filter(section=user.section or Section.BKD)
    return qs


def workload_officers(qs: _QS, user) -> _QS:
    """The officers whose workload `user` sees (`qs` is a queryset of users): the active PKs of the head's office,
    of a section head's section in their office, or the PK themselves; none for everyone else."""
    if can(user, "workload.view") and user.office_id:
        qs = qs.filter(office_id=user.office_id, role=Role.PK, is_active=True)
        if scope_of(user) == Scope.SECTION:
            return qs.filter(section=user.section or Section.BKD)
        return qs
    if can(user, "workload.view_own"):
        return qs.filter(pk=user.pk)
    return qs.none()


# The home page of each role (`dashboard/home_<name>.html`).
_HOME_PAGES = {
    Role.ADMINISTRATOR: "admin",
    Role.HEAD: "head",
    Role.SECTION_HEAD: "section_head",
    Role.PK: "officer",
    Role.APK: "officer",
    Role.REGISTRATION: "registration",
    Role.TPP_SECRETARY: "tpp",
    Role.KANWIL_VIEWER: "kanwil",
    Role.AUDITOR: "auditor",
    Role.PARTNER: "partner",
}


def home_page_of(user) -> str:
    """Which home page the user gets: one per role, PK and APK share the officer's."""
    return _HOME_PAGES[user.role]


def may_use_django_admin(user) -> bool:
    """Django admin is the national administrators' (office administrators use the app's own pages)."""
    return bool(user.is_staff and scope_of(user) == Scope.NATIONAL)
