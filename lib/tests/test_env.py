import os
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from lib import env


class EnvHelpersTestCase(SimpleTestCase):
    def test_envbool_reads_common_spellings(self):
        for raw, expected in [
            ("1", True),
            ("true", True),
            ("Yes", True),
            ("on", True),
            ("0", False),
            ("false", False),
            ("no", False),
            ("", False),
        ]:
            with mock.patch.dict(os.environ, {"X_FLAG": raw}):
                self.assertIs(env.envbool("X_FLAG", not expected), expected)

    def test_envbool_uses_the_default_when_unset(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertIs(env.envbool("X_FLAG", True), True)

    def test_envbool_refuses_a_malformed_value_naming_the_variable(self):
        with mock.patch.dict(os.environ, {"X_FLAG": "maybe"}), self.assertRaisesMessage(ImproperlyConfigured, "X_FLAG"):
            env.envbool("X_FLAG", False)

    def test_envint_refuses_text_and_values_below_the_minimum(self):
        with mock.patch.dict(os.environ, {"X_NUM": "ten"}), self.assertRaisesMessage(ImproperlyConfigured, "X_NUM"):
            env.envint("X_NUM", 1)
        with mock.patch.dict(os.environ, {"X_NUM": "-5"}), self.assertRaisesMessage(ImproperlyConfigured, "at least 0"):
            env.envint("X_NUM", 1, minimum=0)
        with mock.patch.dict(os.environ, {"X_NUM": " 42 "}):
            self.assertEqual(env.envint("X_NUM", 1), 42)

    def test_envlist_splits_on_commas(self):
        with mock.patch.dict(os.environ, {"X_LIST": "a.example, b.example,,"}):
            self.assertEqual(env.envlist("X_LIST", []), ["a.example", "b.example"])

    def test_envsecret_reads_a_file(self):
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("s3cret\n")
        self.addCleanup(os.unlink, handle.name)
        with mock.patch.dict(os.environ, {"X_SECRET_FILE": handle.name}, clear=True):
            self.assertEqual(env.envsecret("X_SECRET"), "s3cret")

    def test_envsecret_refuses_both_value_and_file_and_a_missing_file(self):
        both = {"X_SECRET": "a", "X_SECRET_FILE": "/nonexistent"}
        with mock.patch.dict(os.environ, both), self.assertRaisesMessage(ImproperlyConfigured, "only one of"):
            env.envsecret("X_SECRET")
        missing = {"X_SECRET_FILE": "/nonexistent/secret"}
        with mock.patch.dict(os.environ, missing, clear=True), self.assertRaisesMessage(ImproperlyConfigured, "_FILE"):
            env.envsecret("X_SECRET")

    def test_envdatabase_parses_postgres_and_sqlite(self):
        with mock.patch.dict(os.environ, {"X_DB": "postgres://u:p@db.internal:5433/bapas"}):
            config = env.envdatabase("X_DB", "sqlite:///x.sqlite3")
        self.assertEqual(config["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual((config["HOST"], config["PORT"], config["NAME"]), ("db.internal", 5433, "bapas"))
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(env.envdatabase("X_DB", "sqlite:////tmp/x.sqlite3")["NAME"], "/tmp/x.sqlite3")

    def test_envdatabase_refuses_an_unknown_scheme(self):
        with (
            mock.patch.dict(os.environ, {"X_DB": "nosuchdb://host/name"}),
            self.assertRaisesMessage(ImproperlyConfigured, "X_DB"),
        ):
            env.envdatabase("X_DB", "sqlite:///x")

    def test_with_timeouts_bounds_postgresql_connections_and_keeps_url_options(self):
        with mock.patch.dict(os.environ, {"X_DB": "postgres://u@db/bapas?sslmode=require"}):
            config = env.with_timeouts(env.envdatabase("X_DB", ""), connect_seconds=4, statement_ms=9000)
        self.assertEqual(
            config["OPTIONS"], {"sslmode": "require", "connect_timeout": 4, "options": "-c statement_timeout=9000"}
        )
        given = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c statement_timeout=100"}}
        kept = env.with_timeouts(given, connect_seconds=4, statement_ms=9000)["OPTIONS"]["options"]
        self.assertEqual(kept, "-c statement_timeout=100")
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x", "OPTIONS": {"timeout": 20}}
        self.assertEqual(env.with_timeouts(sqlite, connect_seconds=4, statement_ms=9000), sqlite)
