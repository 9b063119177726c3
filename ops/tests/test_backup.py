"""`manage.py backup` and `manage.py restore`, run as an operator runs them, into a fresh directory.

The source is the test database with committed data (a client, an agreement with its uploaded PDF, audit
rows); on SQLite it is copied to a file that a second connection then writes to in WAL mode without
checkpointing, as a running server leaves it. Every table and every file is compared after the restore.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unittest
import urllib.parse
from pathlib import Path

import time_machine
from django.conf import settings
from django.db import connection

from bapas.test import TransactionBaseTestCase
from clients.tests.factories import make_client
from movements.tests.base import NOW
from partners.tests.factories import make_agreement, make_partner

SETTINGS_VARIABLES = ("DATABASE_URL", "VAR_DIR", "PRIVATE_FILES_ROOT", "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE")


def manage(*args: str, var_dir: Path, database_url: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="bapas.settings", VAR_DIR=str(var_dir), SECRET_KEY="backup-test-" + "x" * 40)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@time_machine.travel(NOW, tick=False)
class BackupTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory(prefix="bapas-backup-test-")))
        self.source, self.target = self.tmp / "source", self.tmp / "target"
        make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        agreement = make_agreement(make_partner(self.cirebon), document=True)
        self.document = agreement.document.name
        (self.source / "private" / self.document).parent.mkdir(parents=True)
        shutil.copy(agreement.document.path, self.source / "private" / self.document)

    def run_ok(self, *args, **kwargs) -> str:
        done = manage(*args, **kwargs)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def manifest(self, archive: Path) -> dict:
        with tarfile.open(archive) as tar:
            return json.load(tar.extractfile("manifest.json"))

    def check_files_and_refusals(self, archive: Path, **db):
        manifest = self.manifest(archive)
        self.assertIn("audit.0003_append_only_triggers", manifest["migrations"])
        self.assertIn(f"private/{self.document}", manifest["files"])
        self.assertEqual(files_under(self.target / "private"), files_under(self.source / "private"))
        again = manage("restore", str(archive), var_dir=self.target, **db)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("The database is not empty", again.stderr)

    def test_a_tampered_archive_is_refused_before_anything_is_written(self):
        archive = self.tmp / "bad.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            for name, data in [
                (
                    "manifest.json",
                    json.dumps(
                        {
                            "format": 1,
                            "engine": connection.vendor,
                            "migrations": [],
                            "created_at": "2026-12-21T03:00:00+00:00",
                            "files": {"private/a.pdf": "0" * 64},
                        }
                    ).encode(),
                ),
                ("private/a.pdf", b"%PDF-1.4 altered"),
            ]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        done = manage("restore", str(archive), var_dir=self.target)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("Checksum mismatch for private/a.pdf", done.stderr)
        self.assertFalse((self.target / "bapas.sqlite3").exists())
        self.assertFalse((self.target / "private").exists())

    @unittest.skipUnless(connection.vendor == "sqlite", "the SQLite backup runs when the suite runs on SQLite")
    def test_sqlite_backup_while_a_writer_holds_the_wal_restores_every_table_and_file(self):
        database = self.source / "bapas.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)  # the committed test data, as a file
        writer = sqlite3.connect(database, isolation_level=None)
        self.addCleanup(writer.close)
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")  # as a busy server leaves it: rows only in the WAL
        writer.execute("INSERT INTO auth_group (name) VALUES ('committed in the WAL')")
        writer.execute("BEGIN")
        writer.execute("INSERT INTO auth_group (name) VALUES ('not committed')")
        self.assertGreater(Path(f"{database}-wal").stat().st_size, 0)

        archive = self.tmp / "backup.tar.gz"
        self.assertIn("Backup written to", self.run_ok("backup", "--output", str(archive), var_dir=self.source))
        self.assertEqual(archive.stat().st_mode & 0o777, 0o600)
        writer.execute("ROLLBACK")
        self.assertIn("Restored the sqlite backup", self.run_ok("restore", str(archive), var_dir=self.target))

        restored = sqlite3.connect(self.target / "bapas.sqlite3")
        self.addCleanup(restored.close)
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        self.assertEqual(restored.execute(schema).fetchall(), writer.execute(schema).fetchall())  # triggers too
        tables = [row[0] for row in writer.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            query = f'SELECT * FROM "{table}" ORDER BY 1'  # noqa: S608
            with self.subTest(table=table):
                self.assertEqual(restored.execute(query).fetchall(), writer.execute(query).fetchall())
        groups = [name for (name,) in restored.execute("SELECT name FROM auth_group")]
        self.assertIn("committed in the WAL", groups)
        self.assertNotIn("not committed", groups)
        self.assertTrue(restored.execute("SELECT 1 FROM clients_client WHERE name = 'Budi Santoso'").fetchone())
        self.check_files_and_refusals(archive)

    @unittest.skipUnless(connection.vendor == "postgresql", "the PostgreSQL backup runs when the suite runs on it")
    @unittest.skipUnless(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump and pg_restore needed")
    def test_postgresql_backup_restores_every_table_and_file(self):
        import psycopg

        db = connection.settings_dict
        fresh = f"{db['NAME']}_restore"

        def url(name: str) -> str:
            auth = urllib.parse.quote(db["USER"] or "")
            if db["PASSWORD"]:
                auth += ":" + urllib.parse.quote(db["PASSWORD"])
            return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"

        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            cursor.execute(f'CREATE DATABASE "{fresh}"')

        def drop():
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

        self.addCleanup(drop)
        archive = self.tmp / "backup.tar.gz"
        self.run_ok("backup", "--output", str(archive), var_dir=self.source, database_url=url(db["NAME"]))
        self.run_ok("restore", str(archive), var_dir=self.target, database_url=url(fresh))

        with psycopg.connect(url(db["NAME"])) as before, psycopg.connect(url(fresh)) as after:
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            tables = [t for (t,) in before.execute(tables_sql)]
            self.assertEqual([t for (t,) in after.execute(tables_sql)], tables)
            for table in tables:
                query = f'SELECT * FROM "{table}" ORDER BY 1'  # noqa: S608
                with self.subTest(table=table):
                    self.assertEqual(after.execute(query).fetchall(), before.execute(query).fetchall())
            triggers = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
            self.assertEqual(after.execute(triggers).fetchall(), before.execute(triggers).fetchall())
        self.check_files_and_refusals(archive, database_url=url(fresh))
