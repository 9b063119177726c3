"""One form sent twice at the same moment (a double tap on a slow phone), each post on its own connection.

On PostgreSQL both posts reach the claim's INSERT together (bapas.test.Race): the unique key lets one through and
the other, which waited on it, gets the IntegrityError that `submit_once` answers with "already sent". On SQLite
the posts take turns and the second finds the claim. Either way the note is added once.
"""

import re

from django.test import Client as HttpClient
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client
from fieldwork.models import CaseNote
from submissions import services
from submissions.models import FormSubmission

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([A-Za-z0-9_-]+)">')


class SubmitOnceRaceTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        self.url = reverse("fieldwork:note_create", args=[self.budi.pk])

    def browser(self) -> HttpClient:
        browser = HttpClient()
        browser.force_login(self.olivia)
        browser.cookies["django_language"] = "en"
        return browser

    def test_a_form_posted_twice_at_once_adds_its_note_once(self):
        first_tab = self.browser()
        token = TOKEN.search(first_tab.get(self.url).content.decode()).group(1)
        data = {"category": "", "body": "Klien menelepon: pindah kerja.", services.FIELD: token}

        race = Race(meet_at="submissions.models.FormSubmission.save")
        outcomes = race.run(lambda: first_tab.post(self.url, data), lambda: self.browser().post(self.url, data))

        self.assertEqual([response.status_code for response in outcomes], [302, 302], outcomes)
        self.assertEqual(CaseNote.objects.filter(episode=self.budi.current_episode).count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="case_note.added").count(), 1)
        self.assertEqual(FormSubmission.objects.filter(key=token).count(), 1)
        if race.concurrent:
            self.assertEqual(sorted(type(e).__name__ for e in race.raised), ["IntegrityError", "NoneType"])
