from django.core.management import BaseCommand, CommandError

from members import derived
from members.models import Organization


class Command(BaseCommand):
    help = (
        "Recompute every derived column (folded search text, latest membership period) from "
        "the source rows and report each record and field that disagrees; exit 1 if any does. "
        "With --repair, rewrite them all in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Rewrite every derived column from the source rows."
        )

    def handle(self, *args, repair, **options):
        organizations = Organization.objects.all()
        found = list(derived.mismatches(organizations))
        for organization, field, stored, right in found:
            self.stdout.write(
                f"Organization {organization.slug} (id {organization.pk}), field {field}: "
                f"stored {stored!r}, should be {right!r}."
            )
        if not found:
            self.stdout.write(f"All derived columns of {organizations.count()} organizations are right.")
            return
        if repair:
            derived.repair(organizations)
            self.stdout.write(f"Repaired {len(found)} derived value{'s' if len(found) != 1 else ''}.")
            return
        raise CommandError(
            f"{len(found)} derived value{'s' if len(found) != 1 else ''} disagree with the source "
            "rows; run check_registry --repair to rewrite them."
        )
