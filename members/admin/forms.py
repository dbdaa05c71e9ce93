"""Forms of the editors' admin: stale saves refused, periods checked together."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from ..history import VERBS
from ..models import Membership, Organization
from ..periods import period_label, period_problems


class MembershipInlineFormSet(BaseInlineFormSet):
    """An organization's periods, checked together as they will be saved.

    A row on its own can only be compared with the stored periods, which the same
    submit may be changing (close the open period and add the next one), and a new
    organization has none stored yet. So the inline's rows leave the rules that span
    periods to this formset (`Membership.validate_constraints` skips them for a form
    without the organization field), which judges the rows to be kept together with
    `periods.period_problems`, the rule the model and the import use.
    """

    def save_existing_objects(self, commit=True):
        # Django's loop, in another order: deletions first, then rows that close a
        # period, then the rest, so that no step breaks a database constraint on the
        # way (reopening a period while deleting the later one would otherwise store
        # two open periods for a moment).
        self.changed_objects, self.deleted_objects, saved = [], [], []
        deleted = self.deleted_forms
        order = sorted(
            self.initial_forms,
            key=lambda form: (form not in deleted, form.instance.until_year is None),
        )
        for form in order:
            if form.instance.pk is None or form.instance._state.adding:
                continue  # not fetched (bad POST data) or already deleted, as in Django
            if form in deleted:
                self.deleted_objects.append(form.instance)
                self.delete_existing(form.instance, commit=commit)
            elif form.has_changed():
                self.changed_objects.append((form.instance, form.changed_data))
                saved.append(self.save_existing(form, form.instance, commit=commit))
                if not commit:
                    self.saved_forms.append(form)
        return saved

    def kept_forms(self):
        """Valid rows that will be stored: not deleted, not blank extra rows."""
        return [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]

    def validate_unique(self):
        # Instead of Django's check, which words its own message for the unique
        # constraints and knows nothing of overlaps: every rule across the periods,
        # in the model's words, on the row that breaks it.
        forms = {id(form.instance): form for form in self.kept_forms()}
        for problem in period_problems(form.instance for form in forms.values()):
            error = ValidationError(problem.message, code=problem.code, params=problem.params)
            forms[id(problem.period)].add_error(None, error)


class OrganizationForm(forms.ModelForm):
    """An organization, saved only if nobody else saved it since the editor opened it.

    The form carries the version the editor opened; the save writes only if the
    stored record still has it (see `members/locking.py`).
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # the add form only: the slug is read-only afterwards
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Leave blank to make it from the abbreviation (or name) and the country "
                "code. It is the record's public URL; to change it later on purpose, "
                "use `manage.py change_slug`."
            )
        if self.instance.pk is not None:
            self.fields["opened_version"].required = True
        if self.instance.pk is not None and not self.is_bound:
            # The stored version, also when the form shows an old version to restore.
            self.initial["opened_version"] = stored_version(self.instance.pk) or self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        if self.instance.pk is None or opened is None:
            return cleaned_data
        stored = stored_version(self.instance.pk)
        if stored is not None and stored != opened:
            raise ValidationError(
                [
                    "Someone else changed this organization after you opened it, so your "
                    "changes were not saved. What they changed is listed below. Your "
                    "edits are still in the form: reload the page to see the current "
                    "record, then make your changes again.",
                    *changes_since(self.instance.pk, opened),
                ],
                code="stale",
            )
        self.instance.version = opened
        return cleaned_data


def stored_version(pk):
    """The version of organization `pk` as stored now (None if it is not stored)."""
    return Organization.objects.filter(pk=pk).values_list("version", flat=True).first()


def changes_since(pk, opened_version):
    """What was changed in an organization and its periods since `opened_version`."""
    history = Organization.history.filter(id=pk).order_by("-history_date", "-history_id")
    opened = history.filter(version=opened_version).first()
    latest = history.first()
    if opened is None or latest is None:
        return []
    ignored = ["version", "created_at", "updated_at"]
    lines = [
        f"{Organization._meta.get_field(change.field).verbose_name}: "
        f"“{change.old}” → “{change.new}”"
        for change in latest.diff_against(opened, excluded_fields=ignored).changes
    ]
    periods = Membership.history.filter(
        organization_id=pk, history_date__gt=opened.history_date
    ).order_by("history_date", "history_id")
    lines += [
        f"membership period {period_label(period.since_year, period.until_year)}: "
        f"{VERBS[period.history_type]}"
        for period in periods
    ]
    return lines


class CountryForm(forms.ModelForm):
    def clean_code(self):
        return self.cleaned_data["code"].upper()
