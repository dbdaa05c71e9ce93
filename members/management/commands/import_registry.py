from django.core.management import BaseCommand, CommandError
from django.utils import translation

from members.registry_io import import_file


class Command(BaseCommand):
    help = (
        "Create or update registry records by natural key from a fixture (.json) or a "
        "registry spreadsheet (.csv). Every record is checked first; any problem and "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .json fixture or a .csv export of the registry.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )

    def handle(self, *args, path, dry_run, **options):
        # Scripts read the report: it stays English whatever language the calling process
        # has active (the admin's page shows the same report in the editor's language).
        with translation.override("en"):
            self.report(import_file(path, dry_run=dry_run), options["verbosity"])

    def report(self, report, verbosity):
        if not report.ok:
            raise CommandError(report.problem_text())
        for change in report.updated:
            self.stdout.write(str(change))
        if verbosity > 1:
            for label, keys in report.created.items():
                for key in keys:
                    self.stdout.write(f"Create {label.split('.')[1]} {' '.join(map(str, key))}")
        for line in report.summary_lines():
            self.stdout.write(line)
