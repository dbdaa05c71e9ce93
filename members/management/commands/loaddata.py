"""loaddata as Django's, with each load one change in the registry's history: every
entry it writes gives the fixtures' names as its reason and the load's start as its
date, so that the public list of changes shows "173 records loaded from
icor_members.json" once (members/history.py, public/recent.py)."""

from django.core.management.commands import loaddata

from ... import history


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with history.fixture_load(fixture_labels):
            super().handle(*fixture_labels, **options)
