"""The latest changes to the registry, for the public: what changed and when, not who."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from ..history import VERBS
from ..models import Membership, Organization
from ..periods import period_label


@dataclass
class Change:
    """One line of the list: when, what (as the public names it), added/changed/removed."""

    when: datetime
    what: str
    verb: str
    slug: str

    @property
    def url(self):
        return Organization(slug=self.slug).get_absolute_url() if self.slug else ""


def organization_value(reference, field):
    """`field` of the organization a history row names, if it still exists."""
    return Subquery(Organization.objects.filter(pk=OuterRef(reference)).values(field))


def recent_changes(limit=10):
    """The `limit` latest changes to organizations and their membership periods.

    Two queries whatever the size of the history. A change to a record that no
    longer exists is listed without a link.
    """
    organizations = (
        Organization.history.order_by("-history_date", "-history_id")
        .annotate(live_slug=organization_value("id", "slug"))
        .values("history_date", "history_type", "name", "abbreviation", "live_slug")[:limit]
    )
    periods = (
        Membership.history.order_by("-history_date", "-history_id")
        .annotate(
            organization_name=organization_value("organization_id", "name"),
            live_slug=organization_value("organization_id", "slug"),
        )
        .values(
            "history_date", "history_type", "since_year", "until_year", "organization_name", "live_slug"
        )[:limit]
    )
    changes = [
        Change(
            when=row["history_date"],
            what=str(Organization(name=row["name"], abbreviation=row["abbreviation"])),
            verb=VERBS[row["history_type"]],
            slug=row["live_slug"] or "",
        )
        for row in organizations
    ] + [
        Change(
            when=row["history_date"],
            what=f"membership period {period_label(row['since_year'], row['until_year'])}"
            f" of {row['organization_name'] or 'a removed organization'}",
            verb=VERBS[row["history_type"]],
            slug=row["live_slug"] or "",
        )
        for row in periods
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]
