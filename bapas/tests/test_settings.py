"""The settings module refuses bad configuration, and production settings pass `check --deploy`."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Yq2-production-like-secret-key-for-the-deploy-check-0123456789abcdefghijkl",
    "ALLOWED_HOSTS": "bapas.example.go.id",
    # One file per test process: the SQLite and PostgreSQL suites run side by side in CI.
    "DATABASE_URL": f"sqlite:///{tempfile.gettempdir()}/bapas-deploy-check-{os.getpid()}.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "HTTPS",
            "STATIC_MANIFEST",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DATABASE_URL",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bapas.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class SettingsTestCase(SimpleTestCase):
    def test_production_settings_pass_check_deploy(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_it_refuses_to_start_without_a_secret_key(self):
        with tempfile.TemporaryDirectory() as empty:
            result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "", "VAR_DIR": empty})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Set SECRET_KEY or SECRET_KEY_FILE", result.stderr)

    def test_it_uses_the_key_that_make_run_generated(self):
        with tempfile.TemporaryDirectory() as var:
            Path(var, "secret_key").write_text("generated-by-make-run-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG\n")
            result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "", "VAR_DIR": var})
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_malformed_value_stops_the_start_naming_the_variable(self):
        for name, value in [
            ("DEBUG", "perhaps"),
            ("AXES_FAILURE_LIMIT", "five"),
            ("SESSION_AGE_SECONDS", "10"),
            ("DATABASE_URL", "oracle-ish://nowhere"),
            ("DB_STATEMENT_TIMEOUT", "soon"),
            ("DB_CONNECT_TIMEOUT", "0"),
        ]:
            with self.subTest(name=name):
                result = manage("check", env={**PRODUCTION_ENV, name: value})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(name, result.stderr)
                self.assertIn("ImproperlyConfigured", result.stderr)

    def test_safe_defaults(self):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS == ['bapas.example.go.id'])",
            env=PRODUCTION_ENV,
        )
        self.assertEqual(result.stdout.split(), ["False"] + ["True"] * 5, result.stderr)

    def test_postgresql_connections_get_connect_and_statement_timeouts(self):
        show = (
            "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
            "print(o['connect_timeout'], o['options'], o.get('sslmode'), s.HEALTHZ_TIMEOUT_MS, sep='|')"
        )
        url = "postgres://bapas@db.internal:5432/bapas?sslmode=require"
        result = manage("shell", "--no-imports", "-c", show, env={**PRODUCTION_ENV, "DATABASE_URL": url})
        self.assertEqual(result.stdout.strip(), "5|-c statement_timeout=30000|require|1500", result.stderr)
        tuned = {"DB_CONNECT_TIMEOUT": "3", "DB_STATEMENT_TIMEOUT": "12", "HEALTHZ_TIMEOUT_MS": "800"}
        result = manage("shell", "--no-imports", "-c", show, env={**PRODUCTION_ENV, "DATABASE_URL": url, **tuned})
        self.assertEqual(result.stdout.strip(), "3|-c statement_timeout=12000|require|800", result.stderr)
