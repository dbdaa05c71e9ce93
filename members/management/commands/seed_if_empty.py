from django.core.management import BaseCommand, call_command

from members.models import Organization


class Command(BaseCommand):
    help = "Load the seed fixture (icor_members) when the registry holds no organizations."

    def handle(self, *args, **options):
        if Organization.objects.exists():
            self.stdout.write("The registry already holds organizations; the seed was not loaded.")
            return
        call_command("loaddata", "icor_members.json", verbosity=options["verbosity"], stdout=self.stdout)
