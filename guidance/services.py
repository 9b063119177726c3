"""Writes of guidance plans. Each validates first, then saves and audits in one transaction.

Roles are checked by the views (ability `plan.write`, `guidance.access.check_write`); these functions keep the
rules of the plan itself: only a draft is edited, and only with the version it was loaded with; a plan goes
before the board with at least one item; the board's approval puts it in force and supersedes the plan in
force before it, its rejection sends it back to draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from board import services as board_services
from board.models import AgendaItem
from board.registry import decision_handlers
from clients.codes import OPEN_STATUSES as EPISODE_OPEN_STATUSES
from clients.codes import Phase
from clients.models import ProgramEpisode
from fieldwork.models import GuidanceType
from guidance import selectors
from guidance.models import OPEN_STATUSES, GuidancePlan, PlanItem, Status
from litmas.models import LitmasRequest
from partners.codes import ServiceField
from partners.models import Partner, PartnerField

if TYPE_CHECKING:
    from accounts.models import User


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _open_plan_error() -> ValidationError:
    return _refuse(
        _("This client already has a plan being drafted or before the board: continue that one."), "open_plan"
    )


def _check_litmas(episode: ProgramEpisode, litmas_request: LitmasRequest | None) -> None:
    if litmas_request is not None and litmas_request.client_id != episode.client_id:
        raise ValidationError({"litmas_request": _("Choose a Litmas about this client.")})


def _lock(plan: GuidancePlan, expected_version: int | None) -> GuidancePlan:
    """The plan as stored now, locked; refused when someone changed it since the form was loaded, or when it is
    no longer a draft."""
    locked = GuidancePlan.objects.select_for_update(of=("self",)).select_related("episode").get(pk=plan.pk)
    locked.check_version(expected_version)
    if locked.status != Status.DRAFT:
        raise _refuse(
            _("Only a draft plan can be changed; this one is: %(status)s.")
            % {"status": locked.get_status_display().lower()},
            "not_draft",
        )
    return locked


def _bump(locked: GuidancePlan, *fields: str) -> None:
    locked.version += 1
    locked.save(update_fields=[*fields, "version"])


@transaction.atomic
def plan_create(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    litmas_request: LitmasRequest | None = None,
    recommendation: str = "",
) -> GuidancePlan:
    """Draft a new plan for `episode`. A revision starts from the items of the plan in force; the recommendation
    is the Litmas report's when none is given."""
    locked = ProgramEpisode.objects.select_for_update(of=("self",)).get(pk=episode.pk)
    if locked.status not in EPISODE_OPEN_STATUSES:
        raise _refuse(
            _("This client's guidance is %(status)s: no plan can be drafted.")
            % {"status": locked.get_status_display().lower()},
            "not_open",
        )
    _check_litmas(locked, litmas_request)
    if GuidancePlan.objects.filter(episode=locked, status__in=OPEN_STATUSES).exists():
        raise _open_plan_error()
    recommendation = recommendation.strip()
    if not recommendation and litmas_request is not None:
        recommendation = selectors.litmas_recommendation(litmas_request)
    in_force = GuidancePlan.objects.filter(episode=locked, status=Status.APPROVED).first()
    number = (GuidancePlan.objects.filter(episode=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    plan = GuidancePlan(
        episode=locked,
        office_id=locked.office_id,
        number=number,
        litmas_request=litmas_request,
        recommendation=recommendation,
        created_by=acting_user,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # another draft started at the same moment
        raise _open_plan_error() from exc
    copied = []
    if in_force is not None:
        copied = PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                office_id=plan.office_id,
                phase=item.phase,
                guidance_type=item.guidance_type,
                referral_field=item.referral_field,
                partner_id=item.partner_id,
                target=item.target,
                note=item.note,
            )
            for item in in_force.items.all()
        )
    audit.record(
        actor=acting_user,
        action="guidance_plan.created",
        obj=plan,
        data={
            "client": locked.client_id,
            "episode": locked.pk,
            "number": number,
            "litmas_request": litmas_request.pk if litmas_request else None,
            "items_copied_from": in_force.pk if in_force else None,
            "items": len(copied),
        },
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: GuidancePlan,
    acting_user: User,
    expected_version: int | None,
    litmas_request: LitmasRequest | None,
    recommendation: str,
) -> GuidancePlan:
    """Change the Litmas and the recommendation of a draft."""
    locked = _lock(plan, expected_version)
    _check_litmas(locked.episode, litmas_request)
    return audit.update_versioned(
        obj=locked,
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"litmas_request": litmas_request, "recommendation": recommendation.strip()},
        audited=["litmas_request", "recommendation"],
        action="guidance_plan.updated",
    )


def _check_item(
    locked: GuidancePlan, *, phase: str, guidance_type: str, referral_field: str, partner: Partner | None, target
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if phase not in Phase.values:
        errors["phase"] = _("Choose a phase.")
    if bool(guidance_type) == bool(referral_field):
        errors["what"] = _("Choose a type of guidance or a field of service to refer the client in.")
    elif guidance_type and guidance_type not in GuidanceType.values:
        errors["what"] = _("Choose a type of guidance.")
    elif referral_field and referral_field not in ServiceField.values:
        errors["what"] = _("Choose a field of service.")
    if partner is not None:
        if not referral_field:
            errors["partner"] = _("A partner is named only for a referral.")
        elif partner.office_id != locked.office_id:
            errors["partner"] = _("Choose a partner of this office.")
        elif not PartnerField.objects.filter(partner=partner, field=referral_field).exists():
            errors["partner"] = _("This partner does not offer that field of service.")
    if target is None or target < 1:
        errors["target"] = _("The target is at least 1.")
    elif target > 99:
        errors["target"] = _("The target is at most 99.")
    if not errors:
        same = PlanItem.objects.filter(plan=locked, phase=phase)
        if guidance_type and same.filter(guidance_type=guidance_type).exists():
            errors["what"] = _("This type of guidance is already planned for this phase: change its target instead.")
        if referral_field and same.filter(referral_field=referral_field).exists():
            errors["what"] = _("A referral in this field is already planned for this phase.")
    return errors


@transaction.atomic
def item_add(
    *,
    plan: GuidancePlan,
    acting_user: User,
    expected_version: int | None,
    phase: str,
    target: int,
    guidance_type: str = "",
    referral_field: str = "",
    partner: Partner | None = None,
    note: str = "",
) -> PlanItem:
    """Add a line to a draft: `target` sessions of `guidance_type`, or `target` referrals in `referral_field`."""
    locked = _lock(plan, expected_version)
    errors = _check_item(
        locked, phase=phase, guidance_type=guidance_type, referral_field=referral_field, partner=partner, target=target
    )
    if errors:
        raise ValidationError(errors)
    item = PlanItem(
        plan=locked,
        phase=phase,
        guidance_type=guidance_type,
        referral_field=referral_field,
        partner=partner,
        target=target,
        note=note.strip(),
    )
    item.full_clean()
    item.save()
    _bump(locked)
    audit.record(
        actor=acting_user,
        action="guidance_plan.item_added",
        obj=locked,
        data={
            "item": item.pk,
            "phase": phase,
            "guidance_type": guidance_type,
            "referral_field": referral_field,
            "partner": partner.pk if partner else None,
            "target": target,
        },
    )
    return item


@transaction.atomic
def item_remove(*, plan: GuidancePlan, item_id: int, acting_user: User, expected_version: int | None) -> GuidancePlan:
    """Take a line off a draft."""
    locked = _lock(plan, expected_version)
    item = PlanItem.objects.filter(plan=locked, pk=item_id).first()
    if item is None:
        raise _refuse(_("This item is no longer in the plan."), "no_item")
    data = {"item": item.pk, "phase": item.phase, "what": item.guidance_type or item.referral_field}
    item.delete()
    _bump(locked)
    audit.record(actor=acting_user, action="guidance_plan.item_removed", obj=locked, data=data)
    return locked


@transaction.atomic
def plan_propose(*, plan: GuidancePlan, acting_user: User, expected_version: int | None) -> GuidancePlan:
    """Put a draft before the case board (an agenda item of kind "plan"). A plan without items is refused."""
    locked = _lock(plan, expected_version)
    if locked.episode.status not in EPISODE_OPEN_STATUSES:
        raise _refuse(
            _("This client's guidance is %(status)s: the plan can no longer go before the board.")
            % {"status": locked.episode.get_status_display().lower()},
            "not_open",
        )
    items = list(PlanItem.objects.filter(plan=locked).select_related("partner"))
    if not items:
        raise _refuse(_("Add at least one item to the plan before putting it before the board."), "empty")
    item = board_services.agenda_item_add(
        kind=AgendaItem.Kind.PLAN,
        episode=locked.episode,
        subject=locked,
        summary=selectors.board_summary(locked, items),
        acting_user=acting_user,
    )
    before = locked.status
    locked.status = Status.PROPOSED
    locked.agenda_item = item
    locked.proposed_at = timezone.now()
    locked.proposed_by = acting_user
    _bump(locked, "status", "agenda_item", "proposed_at", "proposed_by")
    audit.record(
        actor=acting_user,
        action="guidance_plan.proposed",
        obj=locked,
        changes={"status": [before, locked.status]},
        data={"agenda_item": item.pk, "items": len(items)},
    )
    return locked


@decision_handlers.register(AgendaItem.Kind.PLAN)
def _plan_decided(item: AgendaItem, acting_user: User) -> None:
    """The board decided a plan: approved puts it in force (the plan in force before it is superseded);
    rejected sends it back to draft with the board's note; deferred leaves it before the board."""
    if item.decision not in (AgendaItem.Decision.APPROVED, AgendaItem.Decision.REJECTED):
        return
    locked = GuidancePlan.objects.select_for_update(of=("self",)).select_related("episode").get(agenda_item=item)
    if locked.status != Status.PROPOSED:
        return
    before = locked.status
    now = item.decided_at or timezone.now()
    if item.decision == AgendaItem.Decision.APPROVED:
        older = list(
            GuidancePlan.objects.select_for_update().filter(episode_id=locked.episode_id, status=Status.APPROVED)
        )
        for old in older:
            old.status = Status.SUPERSEDED
            old.superseded_at = now
            _bump(old, "status", "superseded_at")
            audit.record(
                actor=acting_user,
                action="guidance_plan.superseded",
                obj=old,
                changes={"status": [Status.APPROVED, Status.SUPERSEDED]},
                data={"by": locked.pk},
            )
        locked.status = Status.APPROVED
        locked.approved_at = now
    else:
        locked.status = Status.DRAFT
    locked.board_note = item.decision_note
    _bump(locked, "status", "approved_at", "board_note")
    audit.record(
        actor=acting_user,
        action="guidance_plan.board_decided",
        obj=locked,
        changes={"status": [before, locked.status]},
        data={"agenda_item": item.pk, "minute_number": item.minute_number, "note": item.decision_note},
    )
