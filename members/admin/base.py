"""What the admin of every registry record shares: the version a change form was
opened at, the edit history with restore, and no 500 for a bad key in a URL or form."""

from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import OperationalError, router, transaction
from django.http import Http404, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from ..locking import StaleRecordError
from .keys import CheckedAutocompleteSelect, parse_key

# A save refused at the write itself: someone else's save landed after the form's check.
SAVED_AT_THE_SAME_MOMENT = (
    "Someone else saved this {record} at the same moment, so your changes were not "
    "saved. The current record is shown; make your changes again."
)
# A save that waited for the database longer than its busy timeout (SQLite, during a
# long import) or its statement timeout (PostgreSQL).
DATABASE_BUSY = (
    "The registry is busy with another write (a large import, perhaps), so your changes "
    "were not saved. Try again in a minute."
)


class RegistryAdmin(SimpleHistoryAdmin):
    """A registry record in the admin. Its `form` is a `forms.VersionedForm`."""

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
            message = SAVED_AT_THE_SAME_MOMENT.format(record=self.form.record_name)
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

    def history_view(self, request, object_id, extra_context=None):
        if parse_key(self.model._meta.pk, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version, to restore, saved in one transaction as Django's change form
        is (a restored organization brings back its periods too)."""
        history = self.model.history.model
        if (
            parse_key(self.model._meta.pk, unquote(object_id)) is None
            or parse_key(history._meta.pk, unquote(version_id)) is None
        ):
            raise Http404
        view = partial(super().history_form_view, request, object_id, version_id, extra_context)
        if request.method != "POST":
            return view()

        def restore():
            with transaction.atomic(using=router.db_for_write(self.model)):
                return view()

        return self.refuse_stale_save(request, restore)
