from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump on PostgreSQL) and the uploaded documents "
        "into one .tar.gz with a manifest of checksums. Safe while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="archive to write (default: VAR_DIR/backups/bapas-YYYYMMDD-HHMMSS.tar.gz)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        output = options["output"] or backup.default_output()
        try:
            manifest = backup.create_backup(output, alias=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(1 for name in manifest["files"] if name.startswith(f"{backup.PRIVATE}/"))
        self.stdout.write(f"Backup written to {output} ({manifest['engine']}, {files} document(s)).")
