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

from accounts import scopes
from accounts.models import User
from bapas.test import BaseTestCase
from clients.models import Client, ProgramEpisode

# Model label → (path from a row to its client, path to whether it is about a child's episode, if it has one).
FOLLOWS_THE_CLIENT = {
    "clients.Guarantor": ("client", None),
    "clients.Case": ("client", "episodes__is_child"),
    "clients.CaseArticle": ("case__client", "case__episodes__is_child"),
    "clients.ProgramEpisode": ("client", "is_child"),
    "clients.Assignment": ("episode__client", "episode__is_child"),
    "supervision.CheckIn": ("episode__client", "episode__is_child"),
    "supervision.ScheduleChange": ("episode__client", "episode__is_child"),
    "supervision.RemoteReportingPermission": ("episode__client", "episode__is_child"),
    "supervision.RemoteCheckIn": ("checkin__episode__client", "checkin__episode__is_child"),
    "fieldwork.HomeVisit": ("episode__client", "episode__is_child"),
    "fieldwork.GuidanceParticipant": ("episode__client", "episode__is_child"),
    "fieldwork.CaseNote": ("episode__client", "episode__is_child"),
    "violations.Violation": ("episode__client", "episode__is_child"),
    "movements.TravelPermit": ("episode__client", "episode__is_child"),
    "movements.ClosingReport": ("episode__client", "episode__is_child"),
    "referrals.Referral": ("client", "episode__is_child"),
    "referrals.Need": ("episode__client", "episode__is_child"),
    "referrals.DesiredOutcome": ("referral__client", "referral__episode__is_child"),
    "referrals.ReferralSession": ("referral__client", "referral__episode__is_child"),
    "referrals.OutcomeRating": ("outcome__referral__client", "outcome__referral__episode__is_child"),
    "referrals.GroupParticipant": ("client", "episode__is_child"),
    # An assessment made while the client was a child keeps that flag (assessment.access).
    "assessment.Assessment": ("client", "is_child"),
    "guidance.GuidancePlan": ("episode__client", "episode__is_child"),
}
# Rows about a client whose visibility has a rule of its own, tested where the rule lives.
OWN_RULE = {
    "movements.Transfer": "the receiving office sees the transfer's facts before the client (movements.access)",
    "board.AgendaItem": "the case board's secretary and members see the agenda (board.access)",
    "board.PhaseProposal": "follows the board's agenda (board.access)",
    "allocation.AllocationExclusion": "who may not guide whom: for those who record them, section heads and the head, "
    "about the clients they see (allocation.access)",
    "litmas.LitmasRequest": "a person not yet a client; a PK sees the requests assigned to them (litmas.access)",
}
USERS = (
    "pk", "pk.bka", "apk", "kasi.bkd", "kasi.bka", "kabapas", "registrasi", "tpp", "auditor", "admin.cirebon",
    "kanwil.jabar", "mitra.lbh", "pk.bandung", "kabapas.semarang", "admin",
)  # fmt: skip


def expected_for(user, label: str) -> set[int]:
    """The rows of `label` whose client `user` sees, less those of a child's episode unless they may see children."""
    client_path, child_path = FOLLOWS_THE_CLIENT[label]
    rows = apps.get_model(label).objects.filter(**{f"{client_path}__in": Client.objects.visible_to(user).values("pk")})
    if child_path and not scopes.may_see_children(user):
        rows = rows.exclude(**{child_path: True})
    return set(rows.values_list("pk", flat=True))


def seen_by(user, label: str) -> set[int]:
    return set(apps.get_model(label).objects.visible_to(user).values_list("pk", flat=True))


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
        for label in FOLLOWS_THE_CLIENT:
            model = apps.get_model(label)
            self.assertTrue(model.objects.exists(), f"the demo has no {label}")
            for user in users:
                with self.subTest(model=label, user=user.username):
                    self.assertEqual(seen_by(user, label), expected_for(user, label))

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


class FormerChildTestCase(BaseTestCase):
    """A client guided as a child (PB anak) who, as an adult, comes back under an adult order: the adults' section
    sees the client and the adult order, never the childhood record (UU 11/2012)."""

    def setUp(self):
        super().setUp()
        from clients.tests.factories import make_client
        from supervision.models import CheckIn

        self.client_record = make_client(self.cirebon, program="PB_ANAK", name="Dimas")
        self.childhood = self.client_record.current_episode
        self.childhood.status = "completed"
        self.childhood.save(update_fields=["status"])
        adult = ProgramEpisode.objects.get(pk=self.childhood.pk)
        adult.pk = None
        adult.program, adult.is_child, adult.officer, adult.status = "PB", False, self.olivia, "active"
        adult.save()
        self.adult = adult
        Client.objects.filter(pk=self.client_record.pk).update(current_episode=adult, is_child=False)
        for episode in (self.childhood, adult):
            CheckIn.objects.create(
                episode=episode, office=self.cirebon, due_on=episode.starts_on, outcome="tidak_hadir"
            )

    def test_the_adults_section_sees_the_adult_order_only(self):
        for user in (self.sam, self.olivia, self.rita):
            with self.subTest(user=user.username):
                self.assertTrue(Client.objects.visible_to(user).filter(pk=self.client_record.pk).exists())
                self.assertEqual(set(ProgramEpisode.objects.visible_to(user)), {self.adult})
                for label in FOLLOWS_THE_CLIENT:
                    self.assertEqual(seen_by(user, label), expected_for(user, label), label)
                self.assertEqual(
                    {c.episode_id for c in apps.get_model("supervision.CheckIn").objects.visible_to(user)},
                    {self.adult.pk},
                )

    def test_the_head_sees_both(self):
        self.assertEqual(set(ProgramEpisode.objects.visible_to(self.hana)), {self.childhood, self.adult})

    def test_the_clients_log_and_page_show_the_adults_section_no_childhood_record(self):
        from django.urls import reverse

        from clients import log

        for user, sees in ((self.sam, False), (self.hana, True)):
            with self.subTest(user=user.username):
                childhood = self.childhood.get_program_display()  # in the language a request left active
                titles = " ".join(str(e.title) for e in log.entries(self.client_record, user, kinds=["episode"]))
                self.assertEqual(childhood in titles, sees, (childhood, titles))
                checkins = log.entries(self.client_record, user, kinds=["checkin"])
                self.assertEqual(len(checkins), 2 if sees else 1)
                self.client.force_login(user)
                page = self.client.get(reverse("clients:detail", args=[self.client_record.pk]))
                self.assertEqual(page.status_code, 200)
                self.assertEqual(self.childhood.case.decision_number in page.content.decode(), sees)
