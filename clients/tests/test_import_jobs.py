"""Batch imports as background jobs: the queue, the status page, the write phase and its locks."""

from __future__ import annotations

import datetime
import importlib
import threading
import zoneinfo
from unittest import mock

import time_machine
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from audit.models import AuditEvent
from bapas.test import BaseTestCase, make_office, make_user
from clients import importing, services
from clients.models import Client, ImportJob
from clients.tests.factories import make_client
from clients.tests.test_import import URL, csv_file, person
from organizations.models import Kanwil

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@time_machine.travel(NOW, tick=False)
class ImportJobTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))
        self.speak_english()
        self.client.force_login(self.rita)

    @override_settings(TASKS=DATABASE_TASKS)
    def test_the_request_only_queues_the_file_and_the_worker_imports_it(self):
        response = self.client.post(URL, {"file": csv_file([person(1), person(2)])})
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("clients:import_job", args=[job.pk]), fetch_redirect_response=False)
        self.assertEqual((job.state, Client.objects.count()), ("queued", 0))
        self.assertTrue(job.file)  # stored privately until the worker has read it
        self.assertEqual(DBTaskResult.objects.get().task_path, "clients.tasks.import_batch")

        page = self.client.get(reverse("clients:import_job", args=[job.pk]))
        self.assertContains(page, 'hx-trigger="every 2s"')  # polls while waiting
        self.assertContains(page, "waiting for the worker")
        fragment = self.client.get(reverse("clients:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
        self.assertTemplateUsed(fragment, "clients/_import_job.html")
        self.assertTemplateNotUsed(fragment, "base.html")

        # The worker drops stale connections between tasks, which would close this test's transaction.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        job.refresh_from_db()
        self.assertEqual((job.state, job.rows_total, job.rows_done), ("done", 2, 2))
        self.assertEqual(Client.objects.filter(office=self.cirebon).count(), 2)
        fragment = self.client.get(reverse("clients:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(fragment, "2 new clients were registered.")
        self.assertNotContains(fragment, "hx-trigger")  # finished: polling stops
        self.assertFalse(job.file)

    def test_a_job_runs_once_even_if_its_task_is_delivered_twice(self):
        self.client.post(URL, {"file": csv_file([person(1)])})
        job = ImportJob.objects.get()
        importing.import_job_run(job.pk)  # delivered again: the job is no longer queued
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
        importing.import_job_run(job.pk)  # or delivered to a second worker while the first runs it
        self.assertEqual(Client.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="client.import").count(), 1)

    def test_the_recent_imports_are_listed_on_the_import_page(self):
        self.client.post(URL, {"file": csv_file([person(1)], name="batch-maret.csv")})
        response = self.client.get(URL)
        self.assertContains(response, "batch-maret.csv")
        self.assertContains(response, reverse("clients:import_job", args=[ImportJob.objects.get().pk]))

    def test_two_rows_of_one_person_give_two_episodes_the_first_completed_by_the_second(self):
        asimilasi = person(1, program="ASIMILASI", decree_number="PAS-1.AS Tahun 2025", ends_on="2025-12-31")
        pb = person(1, decree_number="PAS-1.PB Tahun 2026", decree_date="2026-01-05", starts_on="2026-01-06")
        rows = importing.parse_upload(csv_file([asimilasi, pb]))
        result = importing.import_rows(rows, office=self.cirebon, acting_user=self.rita)
        self.assertEqual(result.errors, [])
        self.assertEqual((result.new_clients, result.new_episodes), (1, 1))
        client = Client.objects.get()
        episodes = list(client.episodes.order_by("starts_on").values_list("program", "status"))
        self.assertEqual(episodes, [("ASIMILASI", "completed"), ("PB", "active")])
        self.assertEqual((client.current_episode.program, client.version), ("PB", 3))
        actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
        self.assertEqual(
            actions,
            [
                "guarantor.created",
                "client.registered",
                "case.created",
                "episode.created",
                "case.created",
                "episode.completed",
                "episode.created",
                "client.import",
            ],
        )

    def test_a_person_registered_while_the_rows_were_checked_refuses_the_whole_batch(self):
        rows = importing.parse_upload(csv_file([person(1), person(2)]))
        check = importing.validate_rows

        def check_then_someone_registers_row_3(*args, **kwargs):
            checked = check(*args, **kwargs)
            make_client(self.cirebon, nik=person(2)["nik"], name=person(2)["name"])
            return checked

        with mock.patch.object(importing, "validate_rows", check_then_someone_registers_row_3):
            result = importing.import_rows(rows, office=self.cirebon, acting_user=self.rita)
        self.assertEqual([e.code for e in result.errors], ["register_changed"])
        self.assertIn("Nothing was saved", result.errors[0].message)
        self.assertEqual(list(Client.objects.values_list("nik", flat=True)), [person(2)["nik"]])
        self.assertFalse(AuditEvent.objects.filter(action="client.import").exists())

    def test_a_client_changed_while_the_rows_were_checked_refuses_the_whole_batch(self):
        known = make_client(self.cirebon, nik=person(1)["nik"], name=person(1)["name"])
        rows = importing.parse_upload(csv_file([person(1, decree_number="PAS-9.PB Tahun 2026")]))
        check = importing.validate_rows

        def check_then_someone_edits_the_client(*args, **kwargs):
            checked = check(*args, **kwargs)
            services.client_update(client=known, acting_user=self.rita, expected_version=None, phone="0811111111")
            return checked

        with mock.patch.object(importing, "validate_rows", check_then_someone_edits_the_client):
            result = importing.import_rows(rows, office=self.cirebon, acting_user=self.rita)
        self.assertEqual([e.code for e in result.errors], ["register_changed"])
        self.assertEqual(known.episodes.count(), 1)


@time_machine.travel(NOW, tick=False)
class ImportLockTestCase(TransactionTestCase):
    """Runs as the server does, outside a test transaction, with a second thread writing meanwhile.

    The region data (loaded once per session) is kept; everything else is emptied afterwards and the
    data the migrations seeded is put back, so the tests after this one find the database as before.
    """

    serialized_rollback = True  # makes pytest-django keep what the migrations seeded, restored below

    def _fixture_teardown(self):
        tables = [t for t in connection.introspection.django_table_names(only_existing=True) if "regions_" not in t]
        sqlite = connection.vendor == "sqlite"
        with connection.cursor() as cursor:
            if sqlite:  # the audit trail's append-only triggers refuse the DELETE a SQLite flush runs
                cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
                cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
        # One transaction, so SQLite checks its deferred foreign keys once every table is empty.
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
        with connection.cursor() as cursor:
            if sqlite:
                triggers = importlib.import_module("audit.migrations.0003_append_only_triggers")
                for sql in triggers.SQLITE_UP:
                    cursor.execute(sql)
        if getattr(connection, "_test_serialized_contents", None):
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)

    def setUp(self):
        kanwil = Kanwil.objects.create(name="Kanwil Uji", province_id="32")
        self.office = make_office(kanwil, "Bapas Uji", "32.09", ["32.09"])
        self.rita = make_user("rita", Role.REGISTRATION, office=self.office)

    def test_the_office_writes_while_a_batch_is_checked_and_the_batch_is_written_after(self):
        rows = importing.parse_upload(csv_file([person(i) for i in range(1, 51)]))
        checking, go_on = threading.Event(), threading.Event()
        outcome = {}

        def progress(done, total):
            checking.set()  # the batch is half checked: hold it here while the office goes on working
            go_on.wait(30)

        def run_batch():
            try:
                outcome["result"] = importing.import_rows(
                    rows, office=self.office, acting_user=self.rita, progress=progress
                )
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                outcome["error"] = exc
            finally:
                connection.close()

        batch = threading.Thread(target=run_batch)
        batch.start()
        try:
            self.assertTrue(checking.wait(60))
            # Another registration in the same office, while the batch is being checked: not blocked.
            walk_in = make_client(self.office, nik="3209011303850001", name="Datang Sendiri", acting_user=self.rita)
        finally:
            go_on.set()
            batch.join(60)
        self.assertNotIn("error", outcome)
        result = outcome["result"]
        self.assertEqual((result.errors, result.new_clients), ([], 50))
        numbers = sorted(Client.objects.filter(office=self.office).values_list("register_number", flat=True))
        self.assertEqual(len(set(numbers)), 51)
        self.assertEqual(walk_in.register_number, "2026/00001")  # it was written first
        self.assertEqual(AuditEvent.objects.filter(action="client.registered").count(), 51)
