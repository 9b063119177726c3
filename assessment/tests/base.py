"""Shared set-up of the assessment tests: the sample instrument (seeded by migration 0002) and helpers that
answer it."""

from __future__ import annotations

from assessment import selectors, services
from assessment.models import Instrument
from bapas.test import BaseTestCase
from clients.tests.factories import make_client


def sample() -> Instrument:
    return Instrument.objects.get(code="CONTOH-RRK", version=1)


def answers_at(instrument: Instrument, level: int) -> dict[int, int]:
    """Every question answered with its option number `level` (0 the lowest score; the highest when fewer)."""
    found = {}
    for domain in selectors.instrument_structure(instrument):
        for item in domain.items.all():
            options = sorted(item.options.all(), key=lambda o: (o.score, o.pk))
            found[item.pk] = options[min(level, len(options) - 1)].pk
    return found


def fill(assessment, user, answers, *, sources=("putusan",), consent=True, assessed_on=None):
    return services.assessment_save(
        assessment=assessment,
        acting_user=user,
        expected_version=assessment.version,
        assessed_on=assessed_on or assessment.assessed_on,
        sources=list(sources),
        sources_note="",
        consent=consent,
        answers=answers,
    )


def final_assessment(client, user, *, level: int = 0):
    """A final assessment of `client` by `user` with every question answered at `level`."""
    instrument = sample()
    assessment = services.assessment_start(client=client, instrument=instrument, acting_user=user)
    assessment = fill(assessment, user, answers_at(instrument, level))
    return services.assessment_finalise(assessment=assessment, acting_user=user, expected_version=assessment.version)


class AssessmentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.instrument = sample()
