"""Every row about a client is seen by exactly those who see the client (issue 11: one owner for access).

The checks run in `demo.tests.test_demo.DemoTests` on the one full demo build of the test run, where every one of
these tables has rows in several offices, sections and caseloads. A model whose rows follow the client either
names its parent in `seen_through` (lib.models.SeenThroughParentQuerySet) or has an access module whose rule is
the client's; models with a rule of their own (transfers seen by the receiving office, the board's agenda, group
activities, documents) are listed with the reason and tested in their apps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.test import TestCase

from accounts.models import User
from bapas.test import BaseTestCase
from clients.models import Client, ProgramEpisode

# Model label → path from a row to its client.
FOLLOWS_THE_CLIENT = {
    "clients.Guarantor": "client",
    "clients.Case": "client",
    "clients.CaseArticle": "case__client",
    "clients.ProgramEpisode": "client",
    "clients.Assignment": "episode__client",
    "supervision.CheckIn": "episode__client",
    "supervision.ScheduleChange": "episode__client",
    "supervision.RemoteReportingPermission": "episode__client",
    "supervision.RemoteCheckIn": "checkin__episode__client",
    "fieldwork.HomeVisit": "episode__client",
    "fieldwork.GuidanceParticipant": "episode__client",
    "fieldwork.CaseNote": "episode__client",
    "violations.Violation": "episode__client",
    "movements.TravelPermit": "episode__client",
    "movements.ClosingReport": "episode__client",
    "referrals.Referral": "client",
    "referrals.Need": "episode__client",
    "referrals.DesiredOutcome": "referral__client",
    "referrals.ReferralSession": "referral__client",
    "referrals.OutcomeRating": "outcome__referral__client",
    "referrals.GroupParticipant": "client",
}
# Rows about a client whose visibility has a rule of its own, tested where the rule lives.
OWN_RULE = {
    "movements.Transfer": "the receiving office sees the transfer's facts before the client (movements.access)",
    "board.AgendaItem": "the case board's secretary and members see the agenda (board.access)",
    "board.PhaseProposal": "follows the board's agenda (board.access)",
}
USERS = (
    "pk", "pk.bka", "apk", "kasi.bkd", "kasi.bka", "kabapas", "registrasi", "tpp", "auditor", "admin.cirebon",
    "kanwil.jabar", "mitra.lbh", "pk.bandung", "kabapas.semarang", "admin",
)  # fmt: skip


def rows_about_a_client() -> set[str]:
    """Every model with a foreign key to a client or an episode."""
    return {
        model._meta.label
        for model in apps.get_models()
        if any(
            field.many_to_one and field.related_model in (Client, ProgramEpisode)
            for field in model._meta.get_fields()
            if field.is_relation and field.name != "current_episode"
        )
    }


class AccessFollowsTheClientChecks(TestCase if TYPE_CHECKING else object):
    def test_every_row_about_a_client_is_seen_by_exactly_those_who_see_the_client(self):
        users = list(User.objects.filter(username__in=USERS))
        self.assertEqual(len(users), len(USERS))
        for label, path in FOLLOWS_THE_CLIENT.items():
            model = apps.get_model(label)
            self.assertTrue(model.objects.exists(), f"the demo has no {label}")
            for user in users:
                with self.subTest(model=label, user=user.username):
                    clients = Client.objects.visible_to(user).values("pk")
                    expected = set(model.objects.filter(**{f"{path}__in": clients}).values_list("pk", flat=True))
                    seen = set(model.objects.visible_to(user).values_list("pk", flat=True))
                    self.assertEqual(seen, expected)

    def test_every_model_about_a_client_has_its_access_rule(self):
        self.assertEqual(rows_about_a_client() - set(FOLLOWS_THE_CLIENT) - set(OWN_RULE), set())
        for label in [*FOLLOWS_THE_CLIENT, *OWN_RULE]:
            self.assertTrue(hasattr(apps.get_model(label).objects, "visible_to"), label)


class EveryVisibleToAnswersTestCase(BaseTestCase):
    def test_every_model_with_visible_to_answers_for_every_kind_of_account(self):
        """No model offers a `visible_to` that fails when called (e.g. an OfficeRow without `seen_through`)."""
        cast = [self.olivia, self.alan, self.sam, self.hana, self.rita, self.reggie, self.kim, self.paula, self.nadia]
        models = [m for m in apps.get_models() if hasattr(m._default_manager, "visible_to")]
        self.assertGreater(len(models), 35)
        for model in models:
            for user in cast:
                with self.subTest(model=model._meta.label, user=user.username):
                    list(model._default_manager.visible_to(user)[:1])
