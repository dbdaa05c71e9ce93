"""What someone else changed in a record since an editor opened it, read from its
history: the lines a refused stale save lists under its message."""

from django.utils.translation import gettext

from ..history import VERBS
from ..models import Membership
from ..periods import period_label


def record_changes(model, pk, opened_version):
    """(history entry of `opened_version`, one line per field changed since then:
    "English name: “old” → “new”"); (None, []) if the history has no such entry."""
    history = model.history.filter(id=pk).order_by("-history_date", "-history_id")
    opened = history.filter(version=opened_version).first()
    latest = history.first()
    if opened is None or latest is None:
        return None, []
    # Related records by name, not by id ("country: “Turkey” → …").
    delta = latest.diff_against(opened, foreign_keys_are_objs=True)
    return opened, [
        f"{model._meta.get_field(change.field).verbose_name}: “{change.old}” → “{change.new}”"
        for change in delta.changes
    ]


def period_changes(organization_pk, since):
    """One line per change of a period of organization `organization_pk` after the
    time `since`: "membership period 2010–2020: changed"."""
    periods = Membership.history.filter(
        organization_id=organization_pk, history_date__gt=since
    ).order_by("history_date", "history_id")
    return [
        gettext("membership period %(period)s: %(verb)s") % {
            "period": period_label(period.since_year, period.until_year),
            "verb": gettext(VERBS[period.history_type]),
        }
        for period in periods
    ]
