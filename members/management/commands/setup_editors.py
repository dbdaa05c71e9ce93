from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import transaction

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
        parser.add_argument(
            "--create-user",
            metavar="USERNAME",
            action="append",
            default=[],
            help=f"Create this user (no password yet) as a staff member of {EDITORS_GROUP}; "
            "then set the password with `changepassword USERNAME`.",
        )

    @transaction.atomic
    def handle(self, *args, add_user, create_user, **options):
        User = get_user_model()
        users = []
        for username in create_user:
            if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
                raise CommandError(f"A user named {username!r} already exists; use --add-user.")
        for username in create_user:
            users.append(User.objects.create_user(username))
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
            if not user.has_usable_password():
                self.stdout.write(f"Set a password: manage.py changepassword {user.get_username()}")
