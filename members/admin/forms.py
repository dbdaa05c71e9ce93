"""Forms of the editors' admin: stale saves refused, periods checked together."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy as _

from ..models import Organization
from ..periods import period_problems
from .changes import period_changes, record_changes

# A refused stale save; the list of what changed follows, where the history has it.
STALE = _(
    "Someone else changed this %(record)s after you opened it, so your changes were not "
    "saved. Your edits are still in the form: reload the page to see the current "
    "record, then make your changes again."
)
STALE_LISTED = _(
    "Someone else changed this %(record)s after you opened it, so your changes were not "
    "saved. What they changed is listed below. Your edits are still in the form: reload "
    "the page to see the current record, then make your changes again."
)
# A deleted organization whose slug another organization has taken since.
SLUG_TAKEN = _(
    "This organization cannot be restored: its slug “%(slug)s” (its public address) is now "
    "used by “%(other)s”. Give that organization another slug first, with "
    "`python manage.py change_slug %(slug)s NEW-SLUG`, then restore this one."
)


class VersionedForm(forms.ModelForm):
    """A record's form, saved only if nobody else saved the record since the editor
    opened it.

    The form carries the version the editor opened in a hidden field. `clean()` refuses
    the save, saying what changed, if the stored record has another version; otherwise
    it puts the opened version on the instance, whose save claims the next one (see
    `members/locking.py`), so a save landing between this check and the write is
    refused too.
    """

    # How the message names the record: "this country".
    record_name = _("record")
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded_version = self.instance.version
        if self.instance.pk is not None:
            self.fields["opened_version"].required = True
            if not self.is_bound:
                # The stored version, also when the form shows an old version to restore.
                self.initial["opened_version"] = self.stored_version() or self.instance.version

    @cached_property
    def changed_data(self):
        """The fields the editor changed; the opened version is bookkeeping, so an
        untouched inline row is not saved again (nor given a new version)."""
        return [name for name in super().changed_data if name != "opened_version"]

    def stored_version(self):
        """The record's version as stored now (None if it is not stored)."""
        stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        return stored.values_list("version", flat=True).first()

    def changes_since(self, opened_version):
        """Lines saying what was changed since `opened_version`."""
        return record_changes(type(self.instance), self.instance.pk, opened_version)[1]

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        if self.instance.pk is None or opened is None:
            return cleaned_data
        stored = self.stored_version()
        if stored is not None and stored != opened:
            changes = self.changes_since(opened)
            message = (STALE_LISTED if changes else STALE) % {"record": self.record_name}
            raise ValidationError([message, *changes], code="stale")
        self.instance.version = opened
        return cleaned_data


class CountryForm(VersionedForm):
    record_name = _("country")

    def clean_code(self):
        return self.cleaned_data["code"].upper()


class MembershipForm(VersionedForm):
    record_name = _("membership period")


class MembershipRowForm(MembershipForm):
    """A period's row on its organization's page.

    Its instance is the stored row as this request read it (the formset reads all rows
    in one query), so the version it was read at is the stored one: no query per row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A tabular row has column headings but no label per input: name each input.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def stored_version(self):
        return self.loaded_version




class MembershipInlineFormSet(BaseInlineFormSet):
    """An organization's periods, checked together as they will be saved.

    A row on its own can only be compared with the stored periods, which the same
    submit may be changing (close the open period and add the next one), and a new
    organization has none stored yet. So the inline's rows leave the rules that span
    periods to this formset (`Membership.validate_constraints` skips them for a form
    without the organization field), which judges the rows to be kept together with
    `periods.period_problems`, the rule the model and the import use.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete this period")

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


class OrganizationForm(VersionedForm):
    """An organization; its periods are checked by the inline formset, each row also
    against the version it was opened at."""

    record_name = _("organization")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # the add form only: the slug is read-only afterwards
            self.fields["slug"].required = False
            self.fields["slug"].help_text = gettext(
                "Leave blank to make it from the abbreviation (or name) and the country "
                "code. It is the record's public URL; to change it later on purpose, "
                "use `manage.py change_slug`."
            )

    def changes_since(self, opened_version):
        opened, lines = record_changes(Organization, self.instance.pk, opened_version)
        if opened is None:
            return lines
        return lines + period_changes(self.instance.pk, opened.history_date)

    def clean(self):
        cleaned_data = super().clean()
        restoring = self.instance.pk is not None and self.stored_version() is None
        slug = self.instance.slug
        other = restoring and Organization.objects.filter(slug=slug).first()
        if other:
            raise ValidationError(SLUG_TAKEN % {"slug": slug, "other": other}, code="slug_taken")
        return cleaned_data
