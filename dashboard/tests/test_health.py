"""/healthz answers 503 within its deadline when the database hangs, and PostgreSQL statements time out."""

import threading
import unittest
from unittest import mock

from django.db import connection, connections
from django.test import TestCase, override_settings

from dashboard import health


@override_settings(HEALTHZ_TIMEOUT_MS=200)
class HealthzDeadlineTestCase(TestCase):
    def setUp(self):
        self.release = threading.Event()
        self.addCleanup(health.wait_for_probe, 10)
        self.addCleanup(self.release.set)

    def hanging_probe(self, timeout_ms):
        self.release.wait(10)

    def test_a_probe_that_hangs_gives_503(self):
        with mock.patch("dashboard.health.probe", side_effect=self.hanging_probe):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"status": "error", "database": "unreachable"})

    def test_while_a_probe_still_hangs_the_next_checks_answer_503_without_another_probe(self):
        with mock.patch("dashboard.health.probe", side_effect=self.hanging_probe) as probe:
            self.client.get("/healthz")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(probe.call_count, 1)

    def test_once_the_database_answers_again_the_check_is_200(self):
        with mock.patch("dashboard.health.probe", side_effect=self.hanging_probe):
            self.client.get("/healthz")
        self.release.set()
        health.wait_for_probe(10)
        self.assertEqual(self.client.get("/healthz").status_code, 200)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL locks and timeouts")
class PostgresTimeoutTestCase(TestCase):
    @override_settings(HEALTHZ_TIMEOUT_MS=300)
    def test_healthz_answers_503_while_another_connection_locks_the_table_it_reads(self):
        self.addCleanup(health.wait_for_probe, 10)
        with connection.cursor() as cursor:
            # The test's own connection holds the lock (inside the test transaction); the probe uses another.
            cursor.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)

    def test_a_statement_longer_than_the_timeout_is_cancelled(self):
        from lib.env import with_timeouts

        settings_dict = dict(connection.settings_dict)
        settings_dict["OPTIONS"] = {
            k: v for k, v in settings_dict["OPTIONS"].items() if k not in ("options", "connect_timeout")
        }
        wrapper = connections["default"].__class__
        short = wrapper(with_timeouts(settings_dict, connect_seconds=5, statement_ms=100), alias="default")
        import psycopg

        # The parameters Django's backend hands the driver for these settings.
        with psycopg.connect(**short.get_connection_params()) as raw, raw.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            self.assertEqual(cursor.fetchone()[0], "100ms")
            with self.assertRaises(psycopg.errors.QueryCanceled):
                cursor.execute("SELECT pg_sleep(5)")

    def test_the_web_connection_runs_with_the_configured_statement_timeout(self):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            self.assertEqual(cursor.fetchone()[0], "30s")
