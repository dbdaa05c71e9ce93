from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from members.models import Organization


class Command(BaseCommand):
    help = (
        "Change an organization's slug on purpose. The slug is its public URL and "
        "natural key: links and fixtures that use the old one stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("old", help="The current slug.")
        parser.add_argument("new", help="The new slug: lower-case ASCII letters, digits, hyphens.")

    def handle(self, *args, old, new, **options):
        try:
            organization = Organization.objects.get(slug=old)
        except Organization.DoesNotExist:
            raise CommandError(f"There is no organization with the slug {old!r}.")
        organization.slug = new
        try:
            organization.full_clean()
        except ValidationError as error:
            messages = "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
            raise CommandError(f"{old}: the slug {new!r} cannot be used ({messages})")
        organization.save()
        self.stdout.write(
            f"{organization.name}: slug changed from {old} to {new}. "
            f"Its page is now {organization.get_absolute_url()}; the old address no longer works."
        )
