"""Writes of the allocation app: the monthly workload snapshots, and accepting proposed PKs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from allocation import access, partner_proposals, proposals, rebalance, selectors
from allocation.models import AllocationExclusion, AllocationPolicy, OfficerWorkingArea, WorkloadSnapshot
from audit import services as audit
from clients import access as client_access
from clients import services as client_services
from clients.codes import OPEN_STATUSES
from clients.models import Client, ProgramEpisode
from partners.models import Partner
from referrals import services as referral_services
from referrals.models import Need, Referral
from regions.models import District, Regency


@transaction.atomic
def snapshots_write(*, on: datetime.date, officers: Iterable[User] | None = None) -> int:
    """Compute every office's PKs' loads on `on` (or the given officers') and keep them as the snapshot of `on`'s
    month (an upsert: running it again the same month replaces that month's figures, so it is safe to run daily
    or twice).

    A fixed number of queries whatever the number of offices and officers: the loads of all PKs at once
    (`selectors.officer_loads`) and one insert-or-update. Returns the number of snapshots written.
    """
    officers = list(
        User.objects.get_queryset().guides().filter(is_active=True, office__isnull=False).only("pk", "office_id")
    )
    loads = selectors.officer_loads(officers, on=on)
    month = on.replace(day=1)
    now = timezone.now()
    rows = [
        WorkloadSnapshot(
            officer_id=officer.pk,
            office_id=officer.office_id,
            month=month,
            points=loads[officer.pk].points,
            capacity_points=loads[officer.pk].capacity,
            clients=loads[officer.pk].clients,
            computed_at=now,
        )
        for officer in officers
        if officer.office_id is not None
    ]
    WorkloadSnapshot.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["officer", "month"],
        update_fields=["office", "points", "capacity_points", "clients", "computed_at"],
    )
    return len(rows)


# --- accepting proposals ---------------------------------------------------------------------------------

# The reason kept on the Assignment row and in the audit event: record data in the office's language (what a
# section head types by hand), not a page text that follows the reader's language.
PROPOSAL_REASON = "Usulan alokasi beban kerja"


def _lock_episodes(episode_ids: list[int]) -> None:
    """Lock the episodes of the accepted clients, in one order, before anything is checked: a second section head
    accepting the same clients waits here until the first commits, then finds them assigned."""
    list(ProgramEpisode.objects.select_for_update().filter(pk__in=episode_ids).order_by("pk").values_list("pk"))


def _client_label(user, client_id: int) -> str:
    client = Client.objects.visible_to(user).filter(pk=client_id).first()
    return client.full_name if client else _("client no. %(id)s") % {"id": client_id}


def _officer_label(user, officer_id: int) -> str:
    officer = User.objects.visible_to(user).filter(pk=officer_id).first()
    return officer.full_name if officer else _("officer no. %(id)s") % {"id": officer_id}


@transaction.atomic
def proposals_accept(*, acting_user: User, pairs: Sequence[tuple[int, int]]) -> list[ProgramEpisode]:
    """Give each client of `pairs` (client id, officer id) the proposed PK, all or none: the same Assignment
    rows, reason and audit events as a manual change (`clients.services.episode_assign`).

    Refuses the whole batch (ValidationError naming the client or the officer) when a client was chosen twice,
    already has a PK or is no longer the user's to assign, or when an officer no longer may take the client.
    """
    client_ids = [client_id for client_id, _officer_id in pairs]
    if len(set(client_ids)) != len(client_ids):
        raise ValidationError(_("A client was chosen twice; nothing was assigned."))
    _lock_episodes(
        [pk for pk in Client.objects.filter(pk__in=client_ids).values_list("current_episode_id", flat=True) if pk]
    )
    unassigned = {
        c.pk: c
        for c in client_access.unassigned_visible_to(
            Client.objects.filter(pk__in=client_ids), acting_user
        ).select_related("current_episode")
    }
    officers = {o.pk: o for o in proposals.eligible_officers(acting_user)}
    episodes = []
    for client_id, officer_id in pairs:
        client = unassigned.get(client_id)
        if client is None or client.current_episode is None:
            raise ValidationError(
                _("%(client)s already has a PK or is no longer yours to assign; nothing was assigned.")
                % {"client": _client_label(acting_user, client_id)}
            )
        officer = officers.get(officer_id)
        if officer is None or not scopes.in_pool(officer, is_child=client.is_child):
            raise ValidationError(
                _("%(officer)s may no longer guide %(client)s; nothing was assigned.")
                % {"officer": _officer_label(acting_user, officer_id), "client": client.full_name}
            )
        try:
            episodes.append(
                client_services.episode_assign(
                    episode=client.current_episode, acting_user=acting_user, officer=officer, reason=PROPOSAL_REASON
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(officer)s cannot become the PK of %(client)s (%(error)s); nothing was assigned.")
                % {"officer": officer.full_name, "client": client.full_name, "error": " ".join(exc.messages)}
            ) from exc
    return episodes


# The reason of a move of the rebalance proposal, as record data in the office's language (see PROPOSAL_REASON).
REBALANCE_REASON = "Penyeimbangan beban kerja"


@transaction.atomic
def rebalance_accept(*, acting_user: User, moves: Sequence[tuple[int, int, int]]) -> list[ProgramEpisode]:
    """Move each client of `moves` (client id, id of the PK they have, id of the new PK) to the new PK, all or none:
    the same Assignment rows, reason and audit events as a manual change (`clients.services.episode_assign`).

    Refuses the whole batch (ValidationError naming the client or the officer) when there are more moves than
    `rebalance.MAX_MOVES`, a client was chosen twice, was reassigned meanwhile (their PK is no longer the one the
    proposal moves them from), their case has ended or is no longer the user's to assign, or when the new PK may
    no longer take the client.
    """
    if len(moves) > rebalance.MAX_MOVES:
        raise ValidationError(
            _("At most %(count)d clients may be moved at once; nothing was moved.") % {"count": rebalance.MAX_MOVES}
        )
    client_ids = [client_id for client_id, _from, _to in moves]
    if len(set(client_ids)) != len(client_ids):
        raise ValidationError(_("A client was chosen twice; nothing was moved."))
    _lock_episodes(
        sorted(pk for pk in Client.objects.filter(pk__in=client_ids).values_list("current_episode_id", flat=True) if pk)
    )
    if not client_access.may_assign(acting_user):
        raise ValidationError(_("You may not assign PKs; nothing was moved."))
    visible = {
        c.pk: c
        for c in client_access.clients_visible_to(Client.objects.filter(pk__in=client_ids), acting_user)
        .filter(current_episode__status__in=sorted(OPEN_STATUSES))
        .select_related("current_episode__officer")
    }
    officers = {o.pk: o for o in proposals.eligible_officers(acting_user)}
    episodes = []
    for client_id, from_id, to_id in moves:
        client = visible.get(client_id)
        if client is None or client.current_episode is None:
            raise ValidationError(
                _("%(client)s is no longer yours to assign or their case has ended; nothing was moved.")
                % {"client": _client_label(acting_user, client_id)}
            )
        if client.current_episode.officer_id != from_id:
            now = client.current_episode.officer
            raise ValidationError(
                _("%(client)s was reassigned meanwhile (PK now: %(officer)s); nothing was moved.")
                % {"client": client.full_name, "officer": now.full_name if now else _("no PK")}
            )
        officer = officers.get(to_id)
        if officer is None or to_id == from_id or not scopes.in_pool(officer, is_child=client.is_child):
            raise ValidationError(
                _("%(officer)s may no longer guide %(client)s; nothing was moved.")
                % {"officer": _officer_label(acting_user, to_id), "client": client.full_name}
            )
        try:
            episodes.append(
                client_services.episode_assign(
                    episode=client.current_episode, acting_user=acting_user, officer=officer, reason=REBALANCE_REASON
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(officer)s cannot become the PK of %(client)s (%(error)s); nothing was moved.")
                % {"officer": officer.full_name, "client": client.full_name, "error": " ".join(exc.messages)}
            ) from exc
    return episodes


@transaction.atomic
def partner_proposals_accept(*, acting_user: User, pairs: Sequence[tuple[int, int]]) -> list[Referral]:
    """Refer each need of `pairs` (need id, partner id) to the proposed partner, all or none: one referral per pair
    through `referrals.services.referral_create`, the same rows, checks and audit events as a manual referral,
    with the need's description as what the client needs.

    Refuses the whole batch (ValidationError naming the client or the partner) when a need was chosen twice, was
    closed or met meanwhile or is no longer the user's to refer, or when the partner may no longer take it (not
    the office's, inactive, field or regency not served, no agreement in force, full).
    """
    need_ids = [need_id for need_id, _partner_id in pairs]
    if len(set(need_ids)) != len(need_ids):
        raise ValidationError(_("A need was chosen twice; nothing was referred."))
    # Lock the episodes first, in one order: a second user accepting the same needs waits, then finds them met.
    _lock_episodes(sorted(set(Need.objects.filter(pk__in=need_ids).values_list("episode_id", flat=True))))
    needs = {n.pk: n for n in partner_proposals.open_needs(acting_user, ids=need_ids)}
    partners = {p.pk: p for p in Partner.objects.visible_to(acting_user).filter(pk__in=[p for _n, p in pairs])}
    referrals = []
    for need_id, partner_id in pairs:
        need = needs.get(need_id)
        if need is None:
            label = Need.objects.visible_to(acting_user).filter(pk=need_id).select_related("episode__client").first()
            raise ValidationError(
                _(
                    "The need of %(client)s was closed or met meanwhile, or is no longer yours to refer; "
                    "nothing was referred."
                )
                % {"client": label.episode.client.full_name if label else _("need no. %(id)s") % {"id": need_id}}
            )
        partner = partners.get(partner_id)
        if partner is None:
            raise ValidationError(
                _("Partner no. %(id)s is not one of your office's; nothing was referred.") % {"id": partner_id}
            )
        try:
            referrals.append(
                referral_services.referral_create(
                    episode=need.episode,
                    partner=partner,
                    field=need.field,
                    needs=need.description,
                    outcomes=[partner_proposals.desired_outcome(need.field)],
                    acting_user=acting_user,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(partner)s cannot take %(client)s (%(error)s); nothing was referred.")
                % {"partner": partner, "client": need.episode.client.full_name, "error": " ".join(exc.messages)}
            ) from exc
    return referrals


# --- officers' working areas and exclusions ---------------------------------------------------------------------
# Audited with the codes Django admin writes for the same rows (`<model>.created/updated/deleted`), so a change
# reads the same in the audit trail whichever way it was made (audit.describe words those codes by their suffix).


def _model_action(obj, suffix: str) -> str:
    return f"{obj._meta.model_name}.{suffix}"


def _lock_client(client_id: int) -> None:
    """Lock the client's row: two users adding the same exclusion at once wait here, the second finds the first's."""
    list(Client.objects.select_for_update().filter(pk=client_id).values_list("pk"))


@transaction.atomic
def exclusion_add(
    *, acting_user: User, officer: User, client: Client, reason: str, note: str = ""
) -> AllocationExclusion:
    """Record that `officer` may not guide `client` (conflict of interest, same family, other with a note).

    Refused (ValidationError) when the officer or the client is not the user's to manage, the reason is unknown,
    Other comes without a note, or the pair is already excluded.
    """
    if not access.manageable_officers(acting_user).filter(pk=officer.pk).exists():
        raise ValidationError({"officer": _("%(officer)s is not one of your PKs.") % {"officer": officer.full_name}})
    if not client_access.clients_visible_to(Client.objects.filter(pk=client.pk), acting_user).exists():
        raise ValidationError({"client": _("This client is not yours to manage.")})
    exclusion = AllocationExclusion(
        officer=officer, client=client, reason=reason, note=note.strip(), created_by=acting_user
    )
    exclusion.full_clean(exclude=["officer", "client"])
    _lock_client(client.pk)
    if AllocationExclusion.objects.filter(officer=officer, client=client).exists():
        raise ValidationError(
            _("%(officer)s is already excluded for %(client)s.")
            % {"officer": officer.full_name, "client": client.full_name}
        )
    exclusion.save()
    audit.record(
        actor=acting_user,
        action=_model_action(exclusion, "created"),
        obj=exclusion,
        office=client.office,
        changes={"officer": [None, officer.pk], "client": [None, client.pk], "reason": [None, reason]},
        data={"note": exclusion.note} if exclusion.note else None,
    )
    return exclusion


@transaction.atomic
def exclusion_delete(*, acting_user: User, exclusion: AllocationExclusion) -> None:
    """Lift an exclusion: the officer may be proposed for the client again."""
    locked = AllocationExclusion.objects.select_for_update().filter(pk=exclusion.pk).first()
    if locked is None:
        return  # lifted meanwhile by someone else: nothing left to do
    audit.record(
        actor=acting_user,
        action=_model_action(locked, "deleted"),
        obj=locked,
        office=exclusion.client.office,
        changes={
            "officer": [locked.officer_id, None],
            "client": [locked.client_id, None],
            "reason": [locked.reason, None],
        },
    )
    locked.delete()


@transaction.atomic
def working_area_set(
    *,
    acting_user: User,
    officer: User,
    regencies: Iterable[Regency],
    districts: Iterable[District],
    note: str = "",
) -> OfficerWorkingArea:
    """Record the officer's working area (replacing the previous one); empty, the proposals fall back on the
    districts of the clients the officer guides now."""
    if not access.manageable_officers(acting_user).filter(pk=officer.pk).exists():
        raise ValidationError(_("%(officer)s is not one of your PKs.") % {"officer": officer.full_name})
    area, created = OfficerWorkingArea.objects.select_for_update().get_or_create(officer=officer)
    before = (sorted(area.regencies.values_list("pk", flat=True)), sorted(area.districts.values_list("pk", flat=True)))
    regencies, districts = list(regencies), list(districts)
    after = (sorted(r.pk for r in regencies), sorted(d.pk for d in districts))
    area.note = note.strip()
    area.updated_by = acting_user
    area.updated_at = timezone.now()
    area.save()
    area.regencies.set(regencies)
    area.districts.set(districts)
    changes = {}
    if before[0] != after[0]:
        changes["regencies"] = [before[0], after[0]]
    if before[1] != after[1]:
        changes["districts"] = [before[1], after[1]]
    audit.record(
        actor=acting_user,
        action=_model_action(area, "created" if created else "updated"),
        obj=area,
        office=officer.office,
        changes=changes,
    )
    return area


@transaction.atomic
def policy_set(
    *, acting_user: User, continuity: Decimal, seniority: Decimal, expected_version: int | None
) -> AllocationPolicy:
    """Set the user's office's allocation policy (the head). A stale form (someone saved since it was loaded) is
    refused; the change is audited with its before and after."""
    if acting_user.office_id is None:
        raise ValidationError(_("Only the head of an office sets its allocation policy."))
    errors = {}
    for name, value in (("continuity", continuity), ("seniority", seniority)):
        if value is None or not (Decimal("0") <= value <= Decimal("200")):
            errors[name] = _("Give a number from 0 to 200.")
    if errors:
        raise ValidationError(errors)
    policy, created = AllocationPolicy.objects.select_for_update().get_or_create(office_id=acting_user.office_id)
    if not created:
        policy.check_version(expected_version)
    before = {"continuity": str(policy.continuity), "seniority": str(policy.seniority)}
    policy.continuity, policy.seniority = continuity, seniority
    policy.version += 0 if created else 1
    policy.updated_by = acting_user
    policy.updated_at = timezone.now()
    policy.save()
    after = {"continuity": str(continuity), "seniority": str(seniority)}
    audit.record(
        actor=acting_user,
        action="allocation_policy.created" if created else "allocation_policy.updated",
        obj=policy,
        office=policy.office,
        changes={key: [before[key], after[key]] for key in after if created or before[key] != after[key]},
    )
    return policy
