"""A membership period: when an organization joined ICOR and, if it left, when."""

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import derived, history, periods
from ..locking import VERSION_HELP, claim_version, keep_stored_values
from ..querysets import MembershipQuerySet
from ..validators import FOUNDING_YEAR, validate_not_before_founding, validate_not_future_year
from .organization import Organization


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, organization_slug, since_year):
        return self.get(organization__slug=organization_slug, since_year=since_year)


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organization"),
    )
    since_year = models.PositiveSmallIntegerField(
        _("member since"),
        null=True,
        blank=True,
        validators=[validate_not_before_founding, validate_not_future_year],
        help_text=_("Year the organization joined; blank if unknown. Shown publicly."),
    )
    until_year = models.PositiveSmallIntegerField(
        _("member until"),
        null=True,
        blank=True,
        validators=[validate_not_before_founding, validate_not_future_year],
        help_text=_("Year it left; blank while it is still a member."),
    )
    source = models.TextField(
        _("source"),
        blank=True, help_text=_("Where the fact comes from (citation or URL). Shown publicly.")
    )
    note = models.TextField(
        _("note"),
        blank=True, help_text=_("Anything an editor should know. Shown publicly.")
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    objects = MembershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "since_year"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # The year filter reads start, end and organization of periods from here alone.
        indexes = [
            models.Index(
                fields=["since_year", "until_year", "organization"], name="membership_years"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(since_year__isnull=True) | Q(since_year__gte=FOUNDING_YEAR),
                name="membership_since_from_founding",
                violation_error_message=format_lazy(
                    _("ICOR was founded in {founded}; the joining year cannot be earlier."),
                    founded=FOUNDING_YEAR,
                ),
            ),
            models.CheckConstraint(
                condition=Q(until_year__isnull=True) | Q(until_year__gte=FOUNDING_YEAR),
                name="membership_until_from_founding",
                violation_error_message=format_lazy(
                    _("ICOR was founded in {founded}; the leaving year cannot be earlier."),
                    founded=FOUNDING_YEAR,
                ),
            ),
            models.CheckConstraint(
                condition=Q(since_year__isnull=True)
                | Q(until_year__isnull=True)
                | Q(until_year__gte=models.F("since_year")),
                name="membership_until_after_since",
                violation_error_message=periods.YEARS_IN_ORDER,
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(until_year__isnull=True),
                name="membership_one_open_period",
                violation_error_message=periods.TWO_OPEN,
            ),
            models.UniqueConstraint(
                fields=["organization", "since_year"],
                name="membership_unique_start",
                violation_error_message=periods.REPEATED_START,
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(since_year__isnull=True),
                name="membership_one_unknown_start",
                violation_error_message=periods.TWO_UNKNOWN,
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.label}"

    def natural_key(self):
        return (*self.organization.natural_key(), self.since_year)

    natural_key.dependencies = ["members.organization"]

    @property
    def label(self):
        """How the period reads: "2016–today", "?–2019"."""
        return periods.period_label(self.since_year, self.until_year)

    def save(self, *args, **kwargs):
        """Save if nobody else saved since this copy was read (see locking.py); the
        organization (and one it was moved from) then has changed."""
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # A savepoint, so a refused stale save leaves the caller's transaction usable.
        with transaction.atomic(using=using):
            moved_from = (
                type(self)._base_manager.using(using)
                .filter(pk=self.pk)
                .exclude(organization_id=self.organization_id)
                .values_list("organization_id", flat=True)
                .first()
                if self.pk is not None
                else None
            )
            claim_version(self, using)
            super().save(*args, **kwargs)
            self.organization_changed(using, moved_from)

    def organization_changed(self, using, *also):
        """Rewrite the latest period of this period's organization (and of the `also`
        organizations), move their version forward and stamp when they changed.

        A copy of the organization held by this period is refreshed, so that the code
        which made the period can go on to save the organization.
        """
        organization = type(self)._meta.get_field("organization").related_model
        pks = [pk for pk in (self.organization_id, *also) if pk is not None]
        derived.write_latest_period(
            organization._base_manager.using(using).filter(pk__in=pks),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if type(self).organization.is_cached(self) and self.organization.pk is not None:
            self.organization.refresh_from_db(
                using=using, fields=[*derived.LATEST_PERIOD, "version", "updated_at"]
            )

    def clean(self):
        if not periods.years_in_order(self.since_year, self.until_year):
            raise ValidationError(periods.YEARS_IN_ORDER, code="years_in_order")

    def validate_constraints(self, exclude=None):
        """The constraints in an editor's words, without a query per constraint.

        Each check constraint is said by a field validator (years from the founding)
        or by `clean()` (years in order). The rules across an organization's periods
        are `periods.period_problems`, judged against the stored periods; a form that
        leaves the organization out (the admin's inline) checks its rows together.
        """
        if exclude and "organization" in exclude or self.organization_id is None:
            return
        stored = Membership.objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)
        problems = periods.period_problems([*stored.order_by("pk"), self])
        errors = [
            ValidationError(problem.message, code=problem.code, params=problem.params)
            for problem in problems
            if problem.period is self
        ]
        if errors:
            raise ValidationError(errors)


@receiver(pre_save, sender=Membership)
def period_loading(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()) carries no version: keep the stored one."""
    if raw:
        keep_stored_values(instance, using)


@receiver(post_save, sender=Membership)
def period_loaded(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()): rewrite the organization's latest
    period (a load is not an edit: no new version), and an entry in the history."""
    if raw:
        derived.write_latest_period(
            Organization._base_manager.using(using).filter(pk=instance.organization_id)
        )
        history.record_fixture_load(sender, instance, using)


@receiver(post_delete, sender=Membership)
def period_deleted(sender, instance, using, **kwargs):
    """A delete of a period, alone, in a queryset or by cascade (which skip delete())."""
    instance.organization_changed(using)
