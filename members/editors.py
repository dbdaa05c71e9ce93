"""The Editors group: exactly the permissions an editor of the registry needs."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .registry import MODELS

EDITORS_GROUP = "Editors"
ACTIONS = ("view", "add", "change", "delete")


def editor_permissions():
    """View, add, change and delete on the registry models; view on their history."""
    wanted = []
    for entry in MODELS:
        model = entry.model
        wanted += [(model, f"{action}_{entry.model_name}") for action in ACTIONS]
        history = getattr(model, "history", None)
        if history is not None:
            wanted.append((history.model, f"view_{history.model._meta.model_name}"))
    content_types = ContentType.objects.get_for_models(*{model for model, _ in wanted})
    return [
        Permission.objects.get(content_type=content_types[model], codename=codename)
        for model, codename in wanted
    ]


@transaction.atomic
def setup_editors():
    """Create or repair the Editors group; return (group, created, changed)."""
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = set(editor_permissions())
    current = set(group.permissions.all())
    if current != wanted:
        group.permissions.set(wanted)
    return group, created, current != wanted


def make_editor(user):
    """Make an existing user a staff member of the Editors group."""
    group, _, _ = setup_editors()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
