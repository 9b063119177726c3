"""The pages: who may take each step (right role 302, other roles 403, other offices 404), what it records,
the lists, the client-page card and the client's log."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from clients import log
from clients.models import ProgramEpisode
from violations import services
from violations.models import Violation
from violations.tests.base import D, ViolationTestCase


@dataclass(frozen=True)
class Step:
    name: str
    setup: Callable  # (case) -> Violation in the state the step needs
    data: dict
    allowed: tuple[str, ...]  # may take the step
    refused: tuple[str, ...]  # signed in, in scope, but the wrong role: 403
    outside: str  # the right role in another office: 404
    action: str  # the audit action the step writes


def _draft(case):
    """A draft as the missed-report job leaves it (one per run of misses, so made from a report here)."""
    violation = case.reported()
    Violation.objects.filter(pk=violation.pk).update(is_draft=True, source="sistem", reported_by=None)
    return Violation.objects.get(pk=violation.pk)


def _suspended(case):
    return services.violation_suspend(violation=case.examined(), acting_user=case.hana, reason="Arrested.")


STEPS = [
    Step(
        "confirm",
        _draft,
        {"description": "Missed three times."},
        ("olivia", "sam"),
        ("hana", "alan", "tess", "reggie"),
        "pat",
        "violation.confirmed",
    ),
    Step(
        "dismiss",
        _draft,
        {"reason": "Excused late."},
        ("olivia", "sam"),
        ("hana", "rita", "reggie"),
        "pat",
        "violation.dismissed",
    ),
    Step(
        "examine",
        lambda case: case.reported(),
        {"bap_number": "BAP-9", "bap_date": "2025-09-09", "summary": "Admits it."},
        ("olivia", "sam"),
        ("hana", "alan", "tess", "reggie", "ada"),
        "pat",
        "violation.examined",
    ),
    Step(
        "propose",
        lambda case: case.examined(),
        {"summary": "Moved away."},
        ("olivia", "sam"),
        ("hana", "tess"),
        "pat",
        "violation.proposed",
    ),
    Step(
        "respond",
        lambda case: case.decided(),
        {"response_type": "teguran_tertulis", "detail": "Letter W-2."},
        ("hana",),
        ("olivia", "sam", "tess", "reggie"),
        "joko",
        "violation.responded",
    ),
    Step(
        "suspend",
        lambda case: case.examined(),
        {"reason": "Arrested."},
        ("hana",),
        ("olivia", "sam", "tess"),
        "joko",
        "violation.suspended",
    ),
    Step(
        "lift", _suspended, {"reason": "Released."}, ("hana",), ("olivia", "sam"), "joko", "violation.suspension_lifted"
    ),
    Step(
        "revoke",
        lambda case: case.responded("usul_pencabutan"),
        {
            "decree_number": "PAS-9 Tahun 2025",
            "decree_date": "2025-09-10",
            "decided_by": "Direktur Jenderal Pemasyarakatan",
            "returned_on": "2025-09-10",
            "institution": "Lapas Cirebon",
        },
        ("hana",),
        ("olivia", "sam", "tess"),
        "joko",
        "revocation.recorded",
    ),
    Step(
        "close",
        lambda case: case.responded(),
        {"note": "Warning delivered."},
        ("olivia", "sam"),
        ("hana", "alan", "reggie"),
        "pat",
        "violation.closed",
    ),
]


class StepPermissionTestCase(ViolationTestCase):
    def snapshot(self, violation):
        v = Violation.objects.get(pk=violation.pk)
        return (v.state, v.is_draft, v.suspended_at, v.lifted_at, v.closed_at, AuditEvent.objects.count())

    def test_every_step_for_every_role(self):
        for step in STEPS:
            for name in step.allowed:
                with self.subTest(step=step.name, user=name):
                    violation = step.setup(self)
                    url = reverse(f"violations:{step.name}", args=[violation.pk])
                    self.client.force_login(self.cast[name])
                    self.assertEqual(self.client.get(url).status_code, 200)
                    before = self.snapshot(violation)
                    for other in (*step.refused, step.outside):
                        self.client.force_login(self.cast[other])
                        status = self.client.post(url, step.data).status_code
                        self.assertEqual(status, 404 if other == step.outside else 403, other)
                    self.assertEqual(self.snapshot(violation), before)
                    self.client.force_login(self.cast[name])
                    response = self.client.post(url, step.data)
                    self.assertRedirects(response, reverse("violations:detail", args=[violation.pk]))
                    self.assertNotEqual(self.snapshot(violation), before)
                    event = AuditEvent.objects.filter(action=step.action).latest("pk")
                    self.assertEqual(event.actor, self.cast[name])
                    # Start the next round from a fresh episode.
                    ProgramEpisode.objects.filter(pk=self.episode.pk).update(status="active")
                    self.episode.refresh_from_db()

    def test_anonymous_users_go_to_the_login_page(self):
        violation = self.reported()
        response = self.client.post(reverse("violations:examine", args=[violation.pk]), {})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_a_step_that_is_not_open_says_so(self):
        violation = self.reported()
        self.client.force_login(self.hana)
        response = self.client.get(reverse("violations:respond", args=[violation.pk]))
        self.assertContains(response, "This step is not open for this violation now.")
        response = self.client.post(
            reverse("violations:respond", args=[violation.pk]), {"response_type": "teguran_tertulis", "detail": "x"}
        )
        self.assertContains(response, "The board has not decided on this violation yet.")
        self.assertEqual(Violation.objects.get(pk=violation.pk).state, "reported")

    def test_a_revocation_outside_the_window_is_refused_on_the_page(self):
        # Probation ended on 5 June 2025: the window closed on 5 September, before the decree of 10 September.
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(starts_on=D(2025, 3, 1), ends_on=D(2025, 6, 5))
        self.episode.refresh_from_db()
        violation = self.responded("usul_pencabutan", violation=self.reported(occurred_on=D(2025, 6, 1)))
        self.client.force_login(self.hana)
        data = dict(next(s for s in STEPS if s.name == "revoke").data)
        response = self.client.post(reverse("violations:revoke", args=[violation.pk]), data)
        self.assertContains(
            response,
            "Pasal 73(5) KUHP: the guidance ended on 5 June 2025, so it can be revoked only until 5 September 2025.",
        )
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "suspended")
        self.assertFalse(AuditEvent.objects.filter(action="revocation.recorded").exists())


class ReportPageTestCase(ViolationTestCase):
    def url(self):
        return reverse("violations:report", args=[self.budi.pk])

    def test_the_pk_reports_a_violation(self):
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(self.url()), "Report a violation")
        response = self.client.post(
            self.url(),
            {"type": "SK_KERESAHAN", "occurred_on": "2025-09-07", "source": "masyarakat", "description": "A fight."},
        )
        violation = Violation.objects.get()
        self.assertRedirects(response, reverse("violations:detail", args=[violation.pk]))
        self.assertEqual((violation.type, violation.reported_by), ("SK_KERESAHAN", self.olivia))
        self.assertTrue(AuditEvent.objects.filter(action="violation.reported", actor=self.olivia).exists())

    def test_bad_input_shows_the_reason_and_saves_nothing(self):
        self.client.force_login(self.olivia)
        response = self.client.post(
            self.url(), {"type": "SK_KERESAHAN", "occurred_on": "2025-05-01", "source": "pk", "description": "x"}
        )
        self.assertContains(response, "The violation must fall within the guidance period")
        self.assertFalse(Violation.objects.exists())

    def test_who_may_report(self):
        for name, status in [("alan", 404), ("pat", 404), ("joko", 404), ("rita", 403), ("tess", 403), ("reggie", 403)]:
            with self.subTest(user=name):
                self.client.force_login(self.cast[name])
                response = self.client.post(
                    self.url(), {"type": "LAIN", "occurred_on": "2025-09-07", "source": "pk", "description": "x"}
                )
                self.assertEqual(response.status_code, status)
        self.assertFalse(Violation.objects.exists())


class DetailAndListTestCase(ViolationTestCase):
    def test_the_detail_shows_the_next_action_for_the_users_role(self):
        violation = self.examined()
        url = reverse("violations:detail", args=[violation.pk])
        expectations = {
            "olivia": (["violations:propose"], ["violations:suspend"]),
            "hana": (["violations:suspend"], ["violations:propose"]),
            "reggie": ([], ["violations:propose", "violations:suspend"]),
        }
        for name, (shown, hidden) in expectations.items():
            with self.subTest(user=name):
                self.client.force_login(self.cast[name])
                response = self.client.get(url)
                self.assertContains(response, "Put before the board (TPP)")  # the next step, for everyone
                for url_name in shown:
                    self.assertContains(response, reverse(url_name, args=[violation.pk]))
                for url_name in hidden:
                    self.assertNotContains(response, reverse(url_name, args=[violation.pk]))

    def test_the_list_shows_the_users_scope_in_a_fixed_number_of_queries(self):
        self.reported()
        self.client.force_login(self.hana)
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(reverse("violations:list"))
        self.assertContains(response, "Budi Santoso")
        self.assertContains(response, "Open violations of the office")
        for day in (2, 3, 4, 5):
            self.reported(occurred_on=D(2025, 9, day))
        with CaptureQueriesContext(connection) as five:
            self.client.get(reverse("violations:list"))
        self.assertEqual(len(five), len(one))

    def test_a_pk_sees_only_the_caseload(self):
        self.reported()
        self.client.force_login(self.pat)
        response = self.client.get(reverse("violations:list"))
        self.assertNotContains(response, "Budi Santoso")
        self.assertContains(response, "No open violations.")


class ClientPageTestCase(ViolationTestCase):
    def test_the_card_lists_violations_and_offers_the_report_in_fixed_queries(self):
        url = reverse("clients:detail", args=[self.budi.pk])
        report_url = reverse("violations:report", args=[self.budi.pk])
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(url), report_url)
        violation = self.reported()
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(url)
        self.assertContains(response, reverse("violations:detail", args=[violation.pk]))
        for day in (2, 3, 4):
            self.examined(self.reported(occurred_on=D(2025, 9, day)))
        with CaptureQueriesContext(connection) as four:
            self.client.get(url)
        self.assertEqual(len(four), len(one))

    def test_read_only_roles_see_the_card_without_the_report_link(self):
        self.reported()
        self.client.force_login(self.reggie)
        response = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, "Moved without reporting the new address")
        self.assertNotContains(response, reverse("violations:report", args=[self.budi.pk]))

    def test_the_clients_log_shows_each_step(self):
        violation = self.responded()
        services.violation_close(violation=violation, acting_user=self.olivia, note="Done.")
        titles = {e.title for e in log.entries(self.budi, self.olivia, kinds=["violation"])}
        self.assertEqual(
            titles,
            {
                "Violation closed",
                "Response: Written warning",
                "Board decision: Approved",
                "Violation put before the board",
                "Examination (BAP BAP-01/IX/2025)",
                "Violation reported: Moved without reporting the new address",
            },
        )
        self.assertIn("violation", log.labels)


class BoardDecisionPageTestCase(ViolationTestCase):
    def test_the_board_decides_on_its_page_and_the_violation_follows(self):
        from board import services as board_services

        violation = self.at_board()
        meeting = board_services.meeting_create(
            office=self.cirebon, held_on=D(2025, 9, 10), title="Sidang TPP", acting_user=self.tess
        )
        board_services.agenda_item_assign(item=violation.agenda_item, meeting=meeting, acting_user=self.tess)
        url = reverse("board:item_decide", args=[violation.agenda_item.pk])
        data = {"decision": "approved", "minute_number": "BA-77", "note": "Written warning."}
        for name, status in [("olivia", 403), ("sam", 403), ("pat", 403)]:
            self.client.force_login(self.cast[name])
            self.assertEqual(self.client.post(url, data).status_code, status, name)
        self.assertEqual(Violation.objects.get(pk=violation.pk).board_decision, "")
        self.client.force_login(self.tess)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        violation = Violation.objects.get(pk=violation.pk)
        self.assertEqual(violation.board_decision, "approved")
        event = AuditEvent.objects.get(action="violation.board_decided")
        self.assertEqual((event.actor, event.data["minute_number"]), (self.tess, "BA-77"))


class DetailViewAuditTestCase(ViolationTestCase):
    def test_opening_a_violation_is_logged(self):
        violation = self.reported()
        self.client.force_login(self.reggie)
        self.assertEqual(self.client.get(reverse("violations:detail", args=[violation.pk])).status_code, 200)
        event = AuditEvent.objects.get(action="violation.viewed")
        self.assertEqual((event.actor, event.object_id, event.office), (self.reggie, str(violation.pk), self.cirebon))


class DetailStatesTestCase(ViolationTestCase):
    def get(self, violation):
        self.client.force_login(self.hana)
        return self.client.get(reverse("violations:detail", args=[violation.pk]))

    def test_a_revoked_violation_shows_the_decree(self):
        violation = self.responded("usul_pencabutan")
        services.violation_revoke(
            violation=violation,
            acting_user=self.hana,
            decree_number="PAS-9 Tahun 2025",
            decree_date=D(2025, 9, 10),
            decided_by="Direktur Jenderal Pemasyarakatan",
            returned_on=D(2025, 9, 10),
            institution="Lapas Cirebon",
        )
        response = self.get(violation)
        self.assertContains(response, "PAS-9 Tahun 2025")
        self.assertContains(response, "Lapas Cirebon")
        self.assertNotContains(response, "Next step")

    def test_a_dismissed_draft_says_so(self):
        violation = self.reported()
        Violation.objects.filter(pk=violation.pk).update(is_draft=True, source="sistem", reported_by=None)
        services.violation_dismiss(violation=violation, acting_user=self.olivia, reason="Excused late.")
        response = self.get(violation)
        self.assertContains(response, "Dismissed")
        self.assertContains(response, "Excused late.")

    def test_a_suspension_shows_on_the_page_and_in_the_list(self):
        violation = services.violation_suspend(violation=self.reported(), acting_user=self.hana, reason="Arrested.")
        self.assertContains(self.get(violation), "guidance is suspended since 10-09-2025")
        self.assertContains(self.client.get(reverse("violations:list")), "guidance suspended")
