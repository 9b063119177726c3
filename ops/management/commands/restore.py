from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: checks its checksums, then writes the database and the "
        "uploaded documents. Refuses a database that is not empty unless --force. Stop the server first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database and documents already there")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            restored = backup.restore_backup(options["archive"], force=options["force"], alias=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the {restored.engine} backup of {restored.created_at} with {restored.files} document(s)."
        )
        pending = backup.pending_migrations(options["database"])
        if pending:
            self.stdout.write(f"{pending} migration(s) are newer than the backup: run `manage.py migrate` next.")
