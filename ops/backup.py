"""Backups of the database and the uploaded documents in one archive, and restoring them.

The archive is a .tar.gz holding `manifest.json`, the database (`database.sqlite3`, written by SQLite's online
backup API, which reads committed rows still in the WAL; or `database.dump`, pg_dump's custom format) and
the private files under `private/`. The manifest records when and from which engine the backup was made,
the applied migrations, and a SHA-256 for every file, which a restore checks before it changes anything.

This app sits above every other: it reads settings and the database connection, never a domain model.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE = "private"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Restored:
    engine: str
    created_at: str
    files: int
    migrations: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_path(alias: str) -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _pg_command(alias: str, program: str) -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment for pg_dump / pg_restore (the password never on the command line)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    db = connections[alias].settings_dict
    argv = [executable, "--dbname", db["NAME"]]
    if db.get("HOST"):
        argv += ["--host", db["HOST"]]
    if db.get("PORT"):
        argv += ["--port", str(db["PORT"])]
    if db.get("USER"):
        argv += ["--username", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return argv, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (fixed argv)
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip() or done.returncode}")


def _applied_migrations(alias: str) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dump_database(alias: str, vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(_sqlite_path(alias))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # a consistent snapshot of everything committed, WAL included
        finally:
            copy.close()
            source.close()
    else:
        argv, env = _pg_command(alias, "pg_dump")
        _run([*argv, "--format", "custom", "--no-owner", "--no-privileges", "--file", str(target)], env)


def create_backup(output: Path, *, alias: str = "default", private_root: Path | None = None) -> dict:
    """Write the database and the private files into the archive `output` (mode 0600); return the manifest."""
    vendor = _vendor(alias)
    private_root = Path(private_root or settings.PRIVATE_FILES_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bapas-backup-", dir=output.parent) as tmp:
        work = Path(tmp)
        dump = work / DUMP_NAMES[vendor]
        _dump_database(alias, vendor, dump)
        files = {dump.name: _sha256(dump)}
        private_files = sorted(p for p in private_root.rglob("*") if p.is_file()) if private_root.is_dir() else []
        for path in private_files:
            files[f"{PRIVATE}/{path.relative_to(private_root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": vendor,
            "django": django.get_version(),
            "migrations": _applied_migrations(alias),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        partial = work / "archive.tar.gz"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data: owner only
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for path in private_files:
                archive.add(path, arcname=f"{PRIVATE}/{path.relative_to(private_root).as_posix()}")
        os.replace(partial, output)
    return manifest


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"bapas-{stamp}.tar.gz"


def _extract(archive_path: Path, into: Path) -> dict:
    """Unpack the archive after checking every member is a plain file at a safe relative path, then check
    the manifest's checksums: nothing is restored from an archive that is damaged or was altered."""
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                path = PurePosixPath(member.name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts:
                    raise BackupError(f"The archive holds an unexpected entry: {member.name!r}.")
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"The archive cannot be read: {exc}") from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("The archive has no readable manifest.json.") from exc
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DUMP_NAMES:
        raise BackupError("The archive's manifest is not one this version of Bapas writes.")
    listed = set(manifest["files"])
    present = {m.name for m in members} - {MANIFEST}
    if listed != present:
        raise BackupError(f"The archive's files do not match its manifest: {sorted(listed ^ present)}.")
    for name, checksum in manifest["files"].items():
        if _sha256(into / name) != checksum:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return manifest


def _regexp(pattern: str, value) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


def _database_is_empty(alias: str, vendor: str) -> bool:
    if vendor == "sqlite" and not _sqlite_path(alias).exists():
        return True
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def restore_backup(archive_path: Path, *, force: bool = False, alias: str = "default", private_root=None) -> Restored:
    """Restore the database and the private files from `archive_path`.

    Refuses to replace a database that holds any table, or a private files folder that holds any file,
    unless `force`. The archive's checksums are checked before anything is written, the restored
    files after.
    """
    vendor = _vendor(alias)
    private_root = Path(private_root or settings.PRIVATE_FILES_ROOT)
    with tempfile.TemporaryDirectory(prefix="bapas-restore-") as tmp:
        work = Path(tmp)
        manifest = _extract(archive_path, work)
        if manifest["engine"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; the configured database is {vendor}."
            )
        has_files = private_root.is_dir() and any(p.is_file() for p in private_root.rglob("*"))
        if not force and not _database_is_empty(alias, vendor):
            raise BackupError("The database is not empty. Restore into an empty one, or pass --force to replace it.")
        if not force and has_files:
            raise BackupError(f"{private_root} already holds files. Pass --force to replace them.")
        dump = work / DUMP_NAMES[vendor]
        connections[alias].close()
        if vendor == "sqlite":
            target = _sqlite_path(alias)
            target.parent.mkdir(parents=True, exist_ok=True)
            source, copy = sqlite3.connect(dump), sqlite3.connect(target)
            # Django's CHECK constraints call REGEXP, which Django registers on its own connections.
            copy.create_function("REGEXP", 2, _regexp, deterministic=True)
            try:
                with copy:
                    source.backup(copy)  # page by page into the live file, its WAL handled by SQLite
                (result,) = copy.execute("PRAGMA integrity_check").fetchone()
            finally:
                copy.close()
                source.close()
            if result != "ok":
                raise BackupError(f"The restored database fails SQLite's integrity check: {result}")
        else:
            argv, env = _pg_command(alias, "pg_restore")
            _run([*argv, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error", str(dump)], env)
        private_root.mkdir(parents=True, exist_ok=True)
        for child in private_root.iterdir():  # the folder itself may be a mount point: empty it, keep it
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        source_root = work / PRIVATE
        if source_root.is_dir():
            shutil.copytree(source_root, private_root, dirs_exist_ok=True)
        for name, checksum in manifest["files"].items():
            if name.startswith(f"{PRIVATE}/") and _sha256(private_root / name.removeprefix(f"{PRIVATE}/")) != checksum:
                raise BackupError(f"{name} differs from the archive after restoring it.")
        return Restored(
            engine=vendor,
            created_at=manifest["created_at"],
            files=sum(1 for name in manifest["files"] if name.startswith(f"{PRIVATE}/")),
            migrations=len(manifest["migrations"]),
        )


def pending_migrations(alias: str = "default") -> int:
    """How many migrations the code has that the restored database lacks (`manage.py migrate` applies them)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
