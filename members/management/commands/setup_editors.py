from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from members.editors import EDITORS_GROUP, make_editor, setup_editors


class Command(BaseCommand):
    help = (
        f"Create or repair the {EDITORS_GROUP} group (view, add, change and delete on "
        "countries, organizations and memberships; nothing else)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--add-user",
            metavar="USERNAME",
            action="append",
            default=[],
            help=f"Make this existing user a staff member of {EDITORS_GROUP} (repeatable).",
        )

    def handle(self, *args, add_user, **options):
        User = get_user_model()
        users = []
        for username in add_user:
            try:
                users.append(User.objects.get(**{User.USERNAME_FIELD: username}))
            except User.DoesNotExist:
                raise CommandError(f"There is no user named {username!r}; create it first.")
        group, created, changed = setup_editors()
        if created:
            self.stdout.write(f"Created the group {group.name} with {group.permissions.count()} permissions.")
        elif changed:
            self.stdout.write(f"Repaired the permissions of the group {group.name}.")
        else:
            self.stdout.write(f"The group {group.name} was already right; nothing changed.")
        for user in users:
            make_editor(user)
            self.stdout.write(f"{user.get_username()} is now a staff member of {group.name}.")
