"""Writes of the assessment (STYLE C2): start a draft, save its answers, finalise it; a new instrument version.

Every write locks the row, refuses a stale form (`VersionedModel.version`), validates, and writes an audit row
in the same transaction. A final assessment is fixed: no service changes it any more.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment import scoring, selectors
from assessment.codes import Source, Status
from assessment.models import Answer, Assessment, Instrument, InstrumentDomain, Item, Option
from audit import services as audit
from clients.models import Client

AUDITED = ["assessed_on", "sources", "sources_note", "consent"]


def _refuse_final(assessment: Assessment) -> None:
    if assessment.status == Status.FINAL:
        raise ValidationError(
            _("This assessment is final; its answers and result can no longer be changed."), code="final"
        )


@transaction.atomic
def instrument_new_version(*, instrument: Instrument, acting_user: User | None) -> Instrument:
    """A copy of `instrument` (its domains, items and options) as the next version, not yet offered (inactive),
    for the administrator to change before activating it."""
    latest = Instrument.objects.select_for_update().filter(code=instrument.code).order_by("-version").first()
    number = (latest.version if latest else instrument.version) + 1
    copy = Instrument.objects.create(
        code=instrument.code,
        name=instrument.name,
        version=number,
        kind=instrument.kind,
        is_sample=instrument.is_sample,
        valid_from=timezone.localdate(),
        active=False,
        low_max=instrument.low_max,
        medium_max=instrument.medium_max,
        notes=instrument.notes,
    )
    for domain in selectors.instrument_structure(instrument):
        new_domain = InstrumentDomain.objects.create(
            instrument=copy, code=domain.code, name=domain.name, order=domain.order
        )
        for item in domain.items.all():
            new_item = Item.objects.create(domain=new_domain, text=item.text, order=item.order, required=item.required)
            Option.objects.bulk_create(
                Option(item=new_item, label=o.label, score=o.score, order=o.order) for o in item.options.all()
            )
    audit.record(actor=acting_user, action="instrument.versioned", obj=copy, data={"from_version": instrument.version})
    return copy


@transaction.atomic
def assessment_start(
    *, client: Client, instrument: Instrument, acting_user: User, assessed_on: datetime.date | None = None
) -> Assessment:
    """A draft assessment of `client` with `instrument`, by the acting PK, about the client's current episode."""
    today = timezone.localdate()
    if not instrument.active or instrument.valid_from > today:
        raise ValidationError({"instrument": _("This instrument is not offered for new assessments.")})
    problems = selectors.instrument_problems(instrument)
    if problems:
        raise ValidationError({"instrument": problems})
    episode = client.current_episode
    assessment = Assessment(
        client=client,
        episode=episode,
        instrument=instrument,
        is_child=episode.is_child if episode else client.is_child,
        assessed_on=assessed_on or today,
        assessor=acting_user,
    )
    _check_date(assessment.assessed_on)
    assessment.full_clean()
    assessment.save()
    audit.record(actor=acting_user, action="assessment.started", obj=assessment)
    return assessment


def _check_date(assessed_on: datetime.date | None) -> datetime.date:
    if assessed_on is None:
        raise ValidationError({"assessed_on": _("Enter the date of the assessment.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date of the assessment cannot be in the future.")})
    return assessed_on


def _lock(assessment: Assessment, expected_version: int | None) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("instrument").get(pk=assessment.pk)
    locked.check_version(expected_version)
    _refuse_final(locked)
    return locked


def _check_answers(scored: scoring.Instrument, answers: Mapping[int, int]) -> None:
    options = {item.id: {o.id for o in item.options} for item in scored.items}
    for item_id, option_id in answers.items():
        if option_id not in options.get(item_id, set()):
            raise ValidationError(_("An answer does not belong to a question of this instrument."), code="answer")


@transaction.atomic
def assessment_save(
    *,
    assessment: Assessment,
    acting_user: User,
    expected_version: int | None,
    assessed_on: datetime.date | None,
    sources: list[str],
    sources_note: str,
    consent: bool,
    answers: Mapping[int, int],
) -> Assessment:
    """Save a draft: its date, verification sources, consent and the answers given so far ({item id: option id};
    the answers not given are removed)."""
    locked = _lock(assessment, expected_version)
    assessed_on = _check_date(assessed_on)
    sources = sorted(set(sources))
    sources_note = sources_note.strip()
    unknown = set(sources) - set(Source.values)
    if unknown:
        raise ValidationError({"sources": _("Unknown verification source.")})
    if Source.OTHER in sources and not sources_note:
        raise ValidationError({"sources_note": _("Say which other source was used.")})
    scored = selectors.scoring_instrument(locked.instrument, selectors.instrument_structure(locked.instrument))
    _check_answers(scored, answers)
    before = audit.snapshot(locked, AUDITED)
    locked.assessed_on = assessed_on
    locked.sources = sources
    locked.sources_note = sources_note
    locked.consent = consent
    locked.full_clean()
    Answer.objects.filter(assessment=locked).delete()
    Answer.objects.bulk_create(
        Answer(assessment=locked, office_id=locked.office_id, item_id=item_id, option_id=option_id)
        for item_id, option_id in sorted(answers.items())
    )
    locked.version += 1
    locked.save(update_fields=[*AUDITED, "version"])
    audit.record(
        actor=acting_user,
        action="assessment.saved",
        obj=locked,
        changes=audit.diff(before, audit.snapshot(locked, AUDITED)),
        data={"answered": len(answers), "questions": len(scored.items)},
    )
    return locked


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, acting_user: User, expected_version: int | None) -> Assessment:
    """Fix the result of a draft whose required questions are all answered, with a verification source and the
    client's consent: the total, the category and the domain scores are computed once and kept."""
    locked = _lock(assessment, expected_version)
    _check_date(locked.assessed_on)
    scored = selectors.scoring_instrument(locked.instrument, selectors.instrument_structure(locked.instrument))
    answers = selectors.answers_of(locked)
    errors = []
    missing = scoring.missing(scored, answers)
    if missing:
        errors.append(
            ValidationError(
                _("Answer every required question before finalising. Not answered: %(items)s."),
                code="missing",
                params={"items": "; ".join(item.label for item in missing)},
            )
        )
    if not locked.sources:
        errors.append(ValidationError(_("Record at least one verification source."), code="sources"))
    if not locked.consent:
        errors.append(ValidationError(_("Record the client's informed consent."), code="consent"))
    if errors:
        raise ValidationError(errors)
    result = scoring.score(scored, answers)
    locked.total_score = result.total
    locked.category = result.category
    locked.domain_scores = result.domains
    locked.status = Status.FINAL
    locked.finalised_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["total_score", "category", "domain_scores", "status", "finalised_at", "version"])
    audit.record(
        actor=acting_user,
        action="assessment.finalised",
        obj=locked,
        changes={"status": [Status.DRAFT, Status.FINAL], "category": ["", result.category]},
        data={"total_score": result.total, "instrument": str(locked.instrument)},
    )
    return locked
