from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from advocacy.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and MEDIA_ROOT (tar.gz) into "
        "BACKUP_DIR, with a manifest of row counts and checksums; keep the newest "
        "BACKUP_KEEP sets (README 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Instead of BACKUP_DIR.")
        parser.add_argument("--keep", type=int, help="Instead of BACKUP_KEEP.")

    def handle(self, *args, dir=None, keep=None, **options):
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be 1 or more")
        directory = dir or settings.BACKUP_DIR
        try:
            backup = make_backup(
                directory=directory, keep=keep, media_root=Path(settings.MEDIA_ROOT)
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        size = sum(path.stat().st_size for path in backup.files())
        self.stdout.write(
            f"Backup {backup.stem} written to {directory} ({size / 1e6:.1f} MB); "
            f"keeping the newest {keep}."
        )
