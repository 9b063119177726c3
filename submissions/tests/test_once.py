"""A create form sent twice (double click, resent POST) creates once; the repeat goes where the first went."""

import datetime
import re

import time_machine
from django.contrib.messages import get_messages
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import CaseNote
from fieldwork.tests.base import NOW, FieldworkTestCase
from submissions import services
from submissions.models import FormSubmission
from supervision.models import CheckIn
from supervision.tests.base import EnglishTestCase

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([A-Za-z0-9_-]+)">')


class OneTimeFormTestCase(FieldworkTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.olivia)
        self.url = reverse("fieldwork:note_create", args=[self.budi.pk])
        self.log = reverse("fieldwork:client_log", args=[self.budi.pk])

    def token(self, client=None) -> str:
        page = (client or self.client).get(self.url)
        self.assertEqual(page.status_code, 200)
        return TOKEN.search(page.content.decode()).group(1)

    def note(self, token: str, **overrides):
        data = {"category": "", "body": "Klien menelepon: pindah kerja.", services.FIELD: token}
        data.update(overrides)
        return self.client.post(self.url, data)

    def test_the_case_note_form_carries_a_new_token_on_every_render(self):
        self.assertNotEqual(self.token(), self.token())

    def test_a_case_note_posted_twice_is_added_once_and_the_repeat_goes_where_the_first_went(self):
        token = self.token()
        first = self.note(token)
        self.assertRedirects(first, self.log, fetch_redirect_response=False)
        second = self.note(token)
        self.assertRedirects(second, self.log, fetch_redirect_response=False)
        self.assertEqual(CaseNote.objects.filter(episode=self.episode).count(), 1)
        self.assertEqual(
            [str(m) for m in get_messages(second.wsgi_request)],
            ["The note was added.", "This form has already been sent."],
        )
        self.assertEqual(FormSubmission.objects.get(key=token).redirect_to, self.log)

    def test_two_forms_each_add_their_note(self):
        self.note(self.token())
        self.note(self.token())
        self.assertEqual(CaseNote.objects.filter(episode=self.episode).count(), 2)

    def test_a_form_refused_with_errors_can_be_sent_again_with_the_same_token(self):
        token = self.token()
        refused = self.note(token, body="")
        self.assertEqual(refused.status_code, 200)
        self.assertFalse(FormSubmission.objects.exists())
        self.assertRedirects(self.note(token), self.log, fetch_redirect_response=False)
        self.assertEqual(CaseNote.objects.filter(episode=self.episode).count(), 1)

    def test_a_post_without_a_token_or_with_a_malformed_one_is_handled_as_before(self):
        for token in ("", "x", "<script>" * 5):
            self.assertRedirects(self.note(token), self.log, fetch_redirect_response=False)
        self.assertEqual(CaseNote.objects.filter(episode=self.episode).count(), 3)
        self.assertFalse(FormSubmission.objects.exists())

    def test_a_post_refused_by_the_csrf_check_claims_nothing(self):
        browser = HttpClient(enforce_csrf_checks=True)
        browser.force_login(self.olivia)
        token = self.token(browser)
        data = {"body": "Catatan", services.FIELD: token}
        self.assertEqual(browser.post(self.url, data).status_code, 403)
        self.assertFalse(FormSubmission.objects.exists())
        self.assertRedirects(self.note(token), self.log, fetch_redirect_response=False)

    def test_tokens_older_than_a_day_are_purged(self):
        old = self.token()
        self.note(old)
        with time_machine.travel(NOW + datetime.timedelta(days=1, minutes=1), tick=False):
            self.client.force_login(self.olivia)  # the session of a day ago has ended
            self.note(self.token())
            self.assertEqual(FormSubmission.objects.filter(key=old).count(), 0)
            self.assertEqual(FormSubmission.objects.filter(submitted_at__gt=timezone.now() - services.KEEP).count(), 1)


class RemoteReportSentTwiceTestCase(EnglishTestCase):
    """The client's public reporting page (no login) is protected the same way."""

    def test_a_remote_report_posted_twice_is_recorded_once(self):
        url = reverse("supervision:lapor", args=[self.allow_remote().token])
        token = TOKEN.search(self.client.get(url).content.decode()).group(1)
        data = {"due_on": "2025-09-10", "condition": "Sehat", "activity": "Bekerja", "obstacles": "Tidak ada"}
        for _ in range(2):
            answer = self.client.post(url, {**data, services.FIELD: token})
            self.assertRedirects(answer, url, fetch_redirect_response=False)
        self.assertEqual(CheckIn.objects.count(), 1)
        page = self.client.get(url)
        self.assertContains(page, "This form has already been sent.")
        self.assertContains(page, "was received at 10:00")
