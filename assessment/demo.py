"""Demo assessments for one office, written in bulk (like the rest of the demo data: no audit rows).

    from assessment import demo
    counts = demo.populate(office, today=today, rng=rng)

About half the clients under guidance with a PK get a final assessment with the sample instrument, dated
between the start of their guidance and today, by their PK. Each PK has one client whose answers lean to medium
or high risk; the others' lean low, so every category appears. A few more clients have a draft half filled. It
runs before the allocation's populator, so the workload counts the risk categories. One raised risk a PK keeps
the extra points to a few: the allocation demo's caseloads are even and leave most PKs only a few points below
their capacity (it puts about one PK in five over it on purpose).
"""

from __future__ import annotations

import datetime
import importlib
import random

from django.apps import apps as django_apps
from django.utils import timezone

from assessment import scoring, selectors
from assessment.codes import Source, Status
from assessment.models import Answer, Assessment, Instrument
from clients.codes import OPEN_STATUSES
from clients.models import ProgramEpisode
from organizations.models import Office

FINAL_SHARE = 0.5
DRAFT_SHARE = 0.05
# Tendency of a client's answers (0: the lowest option, 1: the highest): the raised one of each PK is medium
# (0.4) or high (0.8) with these weights, the others low.
RAISED = [(0.4, 0.6), (0.8, 0.4)]
LOW_TENDENCY = 0.05
SOURCES = [Source.DECISION, Source.BAP, Source.CERTIFICATE, Source.DIPLOMA, Source.FAMILY, Source.OFFICERS]


def sample_instrument() -> Instrument:
    """The sample instrument; on a database that lost it, the one migration 0002 seeds, written by that
    migration's own function so the two never differ."""
    module = importlib.import_module("assessment.migrations.0002_seed_sample_instrument")
    found = Instrument.objects.filter(code=module.CODE, version=1).first()
    if found is None:
        module.seed(django_apps, None)
        found = Instrument.objects.get(code=module.CODE, version=1)
    return found


def _answers(scored: scoring.Instrument, tendency: float, rng: random.Random, *, share: float = 1.0):
    answers = {}
    for item in scored.items:
        if rng.random() > share or (not item.required and rng.random() < 0.5):
            continue
        options = sorted(item.options, key=lambda o: o.score)
        level = min(max(tendency + rng.uniform(-0.35, 0.35), 0.0), 0.999)
        answers[item.id] = options[int(level * len(options))].id
    return answers


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo assessments; return the row counts."""
    instrument = sample_instrument()
    scored = selectors.scoring_instrument(instrument, selectors.instrument_structure(instrument))
    episodes = list(
        ProgramEpisode.objects.filter(office=office, status__in=sorted(OPEN_STATUSES), starts_on__lte=today)
        .exclude(officer=None)
        .order_by("pk")
        .values_list("pk", "client_id", "officer_id", "is_child", "starts_on")
    )
    rows: list[tuple[Assessment, dict[int, int]]] = []
    raised: set[int] = set()  # the PKs who have their one client of raised risk
    lowest = {item.id: min(item.options, key=lambda o: o.score).id for item in scored.items if item.required}
    for episode_id, client_id, officer_id, is_child, starts_on in episodes:
        draw = rng.random()
        if draw >= FINAL_SHARE + DRAFT_SHARE:
            continue
        final = draw < FINAL_SHARE
        if final and officer_id not in raised:
            raised.add(officer_id)
            tendency = rng.choices([t for t, _w in RAISED], weights=[w for _t, w in RAISED])[0]
            answers = _answers(scored, tendency, rng)
        else:
            answers = _answers(scored, LOW_TENDENCY, rng, share=1.0 if final else 0.5)
            if final and scoring.score(scored, answers).category != scoring.LOW:
                answers = dict(lowest)
        days = max((today - starts_on).days, 0)
        assessed_on = starts_on + datetime.timedelta(days=rng.randint(min(days, 7), min(days, 60)))
        assessment = Assessment(
            client_id=client_id,
            episode_id=episode_id,
            office=office,
            instrument=instrument,
            is_child=is_child,
            assessed_on=assessed_on,
            assessor_id=officer_id,
            sources=sorted(rng.sample(SOURCES, rng.randint(1, 3))),
            consent=final or rng.random() < 0.5,
        )
        if final:
            result = scoring.score(scored, answers)
            assessment.status = Status.FINAL
            assessment.total_score = result.total
            assessment.category = result.category
            assessment.domain_scores = result.domains
            assessment.finalised_at = timezone.make_aware(datetime.datetime.combine(assessed_on, datetime.time(14, 0)))
            assessment.version = 3
        rows.append((assessment, answers))
    Assessment.objects.bulk_create([a for a, _answers in rows], batch_size=500)
    answers_rows = [
        Answer(assessment=a, office=office, item_id=item_id, option_id=option_id)
        for a, answers in rows
        for item_id, option_id in answers.items()
    ]
    Answer.objects.bulk_create(answers_rows, batch_size=1000)
    finals = [a for a, _answers in rows if a.status == Status.FINAL]
    return {
        "assessments": len(finals),
        "assessment_drafts": len(rows) - len(finals),
        "assessments_high_risk": sum(1 for a in finals if a.category == scoring.HIGH),
    }
