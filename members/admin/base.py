"""What the admin of every registry record shares: the version a change form was
opened at, the edit history with restore, and no 500 for a bad key in a URL or form."""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import OperationalError, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from simple_history.admin import SimpleHistoryAdmin

from ..locking import StaleRecordError
from .keys import CheckedAutocompleteSelect, parse_key

# A save refused at the write itself: someone else's save landed after the form's check.
SAVED_AT_THE_SAME_MOMENT = _(
    "Someone else saved this %(record)s at the same moment, so your changes were not "
    "saved. The current record is shown; make your changes again."
)
# A save that waited for the database longer than its busy timeout (SQLite, during a
# long import) or its statement timeout (PostgreSQL).
DATABASE_BUSY = _(
    "The registry is busy with another write (a large import, perhaps), so your changes "
    "were not saved. Try again in a minute."
)


@dataclass
class Restoring:
    """A restore from the history under way, kept on the request while it is saved."""

    version: object  # the history entry restored
    periods: int = 0  # membership periods that came back with a deleted organization

    def message(self, record):
        when = formats.date_format(timezone.localtime(self.version.history_date), "DATETIME_FORMAT")
        values = {"kind": record._meta.verbose_name, "record": record, "when": when,
                  "count": self.periods}
        if not self.periods:
            return gettext("The %(kind)s “%(record)s” was restored to its version of %(when)s.") % values
        return ngettext(
            "The %(kind)s “%(record)s” was restored to its version of %(when)s, with the "
            "%(count)d period of membership deleted with it.",
            "The %(kind)s “%(record)s” was restored to its version of %(when)s, with the "
            "%(count)d periods of membership deleted with it.",
            self.periods,
        ) % values


class RegistryAdmin(SimpleHistoryAdmin):
    """A registry record in the admin. Its `form` is a `forms.VersionedForm`."""

    # The history pages name the record, and speak of restoring a version.
    object_history_template = "admin/members/object_history.html"
    object_history_list_template = "admin/members/object_history_list.html"
    object_history_form_template = "admin/members/object_history_form.html"
    # Whether restoring a deleted record brings back the records deleted with it (the
    # version page says so).
    restores_deleted_with = False

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "version"] if obj and "version" not in readonly else readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def refuse_stale_save(self, request, view):
        """Run `view` (a view without arguments); a save it makes that is refused as
        stale, or that found the database busy past its timeout, becomes a message on
        the page, reloaded."""
        try:
            return view()
        except StaleRecordError:
            message = SAVED_AT_THE_SAME_MOMENT % {"record": self.form.record_name}
        except OperationalError:
            if request.method != "POST":
                raise
            message = DATABASE_BUSY
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django's view runs in a transaction: a refused save has written nothing.
        view = partial(super().changeform_view, request, object_id, form_url, extra_context)
        return self.refuse_stale_save(request, view)

    def delete_view(self, request, object_id, extra_context=None):
        view = partial(super().delete_view, request, object_id, extra_context)
        return self.refuse_stale_save(request, view)

    def is_stored(self, key):
        """Whether the record with primary key `key` exists (it may have been deleted)."""
        return self.model._base_manager.filter(pk=key).exists()

    def history_view(self, request, object_id, extra_context=None):
        key = parse_key(self.model._meta.pk, unquote(object_id))
        if key is None:
            raise Http404
        extra_context = {"stored": self.is_stored(key), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return super().history_form_view_title(request, obj)
        return gettext("Restore %(record)s") % {"record": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version, to restore, saved in one transaction as Django's change form
        is (a restored organization brings back its periods too)."""
        history = self.model.history.model
        key = parse_key(self.model._meta.pk, unquote(object_id))
        version_key = parse_key(history._meta.pk, unquote(version_id))
        version = None if key is None or version_key is None else (
            self.model.history.filter(pk=version_key, **{self.model._meta.pk.attname: key})
            .select_related("history_user").first()
        )
        if version is None:
            raise Http404
        extra_context = {"version": version, "stored": self.is_stored(key),
                         "restores_deleted_with": self.restores_deleted_with, **(extra_context or {})}
        view = partial(super().history_form_view, request, object_id, version_id, extra_context)
        if request.method != "POST":
            return view()
        request.registry_restoring = Restoring(version)

        def restore():
            with transaction.atomic(using=router.db_for_write(self.model)):
                return view()

        return self.refuse_stale_save(request, restore)

    def response_change(self, request, obj):
        restoring = getattr(request, "registry_restoring", None)
        if restoring is None:
            return super().response_change(request, obj)
        # A restore shows the record as it now is, with what came back.
        self.message_user(request, restoring.message(obj), messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        ))
