from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("setup_editors", *args, stdout=out)
    return out.getvalue()


def editor_codenames():
    return set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))


def test_setup_editors_grants_exactly_the_registry_permissions():
    assert "Created the group Editors" in run()
    codenames = editor_codenames()
    for model in ("country", "organization", "membership"):
        assert {f"{a}_{model}" for a in ("view", "add", "change", "delete")} <= codenames
    assert not any(c.endswith(("_user", "_group", "_permission")) for c in codenames)
    extra = codenames - {
        f"{a}_{m}" for a in ("view", "add", "change", "delete") for m in ("country", "organization", "membership")
    }
    assert all(c.startswith("view_historical") for c in extra)


def test_running_it_twice_changes_nothing():
    run()
    before = editor_codenames()
    assert "already right; nothing changed" in run()
    assert editor_codenames() == before


def test_it_repairs_a_group_that_was_given_too_much():
    run()
    group = Group.objects.get(name="Editors")
    group.permissions.add(Permission.objects.get(codename="add_user"))
    group.permissions.remove(Permission.objects.get(codename="delete_membership"))
    assert "Repaired" in run()
    assert "add_user" not in editor_codenames()
    assert "delete_membership" in editor_codenames()


def test_add_user_makes_an_existing_user_a_staff_editor():
    User.objects.create_user("ana", password="x")
    assert "ana is now a staff member of Editors" in run("--add-user", "ana")
    ana = User.objects.get(username="ana")
    assert ana.is_staff and not ana.is_superuser
    assert ana.has_perm("members.change_organization")
    assert not ana.has_perm("auth.change_user")


def test_add_user_names_a_missing_user():
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        run("--add-user", "nobody")
    assert not Group.objects.filter(name="Editors").exists()


def test_create_user_makes_a_new_staff_editor_without_a_password_yet():
    output = run("--create-user", "ben")
    assert "ben is now a staff member of Editors" in output
    assert "changepassword ben" in output
    ben = User.objects.get(username="ben")
    assert ben.is_staff and not ben.has_usable_password()
    assert ben.has_perm("members.add_membership")


def test_create_user_refuses_an_existing_name_and_writes_nothing():
    User.objects.create_user("ana", password="x")
    with pytest.raises(CommandError, match="already exists"):
        run("--create-user", "ana")
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        run("--create-user", "ben", "--add-user", "nobody")
    assert not User.objects.filter(username="ben").exists()
