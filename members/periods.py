"""The rules that span an organization's membership periods, written once.

`Membership.validate_constraints()`, the admin's inline formset and the import all
call `period_problems()` with the periods an organization would have, and report its
answers in their own way. The database holds three of the rules as unique
constraints (see `Membership.Meta`); the overlap rule it cannot hold.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy as _

# Each rule's message, as editors see it (the unique constraints use the same words).
REPEATED_START = _("This organization already has a period starting that year.")
TWO_OPEN = _(
    "This organization already has an open membership period; "
    "give that one a leaving year first."
)
TWO_UNKNOWN = _("This organization already has a period with an unknown joining year.")
OVERLAP = _("This period overlaps the period %(other)s of the same organization.")
YEARS_IN_ORDER = _("The leaving year cannot be before the joining year.")


def years_in_order(since_year, until_year):
    """One period's own rule (also a check constraint): it does not end before it starts."""
    return since_year is None or until_year is None or until_year >= since_year


def period_label(since_year, until_year):
    """How a period reads: "2016–today", "?–2019"."""
    return f"{since_year or '?'}–{until_year or gettext('today')}"


@dataclass(frozen=True)
class PeriodProblem:
    """`period` breaks a rule together with `other`, an earlier period of the list."""

    period: object
    other: object
    message: str
    code: str
    params: dict


def overlaps(one, other):
    """Two periods with known starts overlap when each starts before the other ends.

    Leaving and rejoining in the same year is not an overlap.
    """
    if one.since_year is None or other.since_year is None:
        return False
    forever = 10_000
    return one.since_year < (other.until_year or forever) and other.since_year < (
        one.until_year or forever
    )


def period_problems(periods):
    """Every rule broken by `periods`, the periods of one organization taken together.

    `periods` are objects with `since_year` and `until_year`, in the order the caller
    wants them judged: a period that repeats an earlier one's start, opens a second
    period or gives a second unknown start is the one reported. Overlaps are judged
    among the periods that break none of those rules (a repeated start overlaps too,
    but its first message says why), and reported for each of the two periods.
    """
    periods = list(periods)
    problems = []
    for index, period in enumerate(periods):
        earlier = periods[:index]
        for other in earlier:
            if period.since_year is not None and period.since_year == other.since_year:
                problems.append(PeriodProblem(period, other, REPEATED_START, "repeated_start", {}))
                break
        for other in earlier:
            if period.until_year is None and other.until_year is None:
                problems.append(PeriodProblem(period, other, TWO_OPEN, "two_open", {}))
                break
        for other in earlier:
            if period.since_year is None and other.since_year is None:
                problems.append(PeriodProblem(period, other, TWO_UNKNOWN, "two_unknown", {}))
                break
    broken = {id(problem.period) for problem in problems}
    judged = [period for period in periods if id(period) not in broken]
    for period in judged:
        for other in judged:
            if other is not period and overlaps(period, other):
                label = period_label(other.since_year, other.until_year)
                problems.append(PeriodProblem(period, other, OVERLAP, "overlap", {"other": label}))
                break
    return problems
