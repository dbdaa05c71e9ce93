"""The admin import's limits: refused as the file arrives, before it is read whole.

A file the admin cannot confirm must not cost a worker its time and memory first. The
confirmation form carries the whole file back (see `confirmation.issue`), so the page
takes at most `REGISTRY_ADMIN_IMPORT_MAX_BYTES`; `LimitedUpload` counts the bytes as the
request is parsed and stops the parse once they pass the limit. Records are counted
after the upload and before the dry run, which is where an import spends its time.
Larger files go through `python manage.py import_registry`, which has its own limit.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext

from ..numbers import grouped
from ..registry_io.report import Problem

COMMAND = "`python manage.py import_registry`"


def max_bytes():
    return settings.REGISTRY_ADMIN_IMPORT_MAX_BYTES


def max_records():
    return settings.REGISTRY_ADMIN_IMPORT_MAX_RECORDS


class LimitedUpload(FileUploadHandler):
    """Counts the bytes of the uploaded files and stops reading the request past `limit`.

    It passes every chunk on to Django's own handlers, which keep the file; it only
    counts. Past the limit it stops the parse without reading the rest of the body
    (`connection_reset`): the fields before the file, the CSRF token among them, are
    kept, and the server in front discards or cuts off what was not read.
    """

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.refused = None  # the name of the file that passed the limit

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = self.file_name or gettext("The file")
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def limit_upload(request):
    """Install `LimitedUpload` first on `request`; return it, or None if too late.

    Handlers can only be changed before the body is parsed: the page must be exempt
    from the CSRF middleware (which reads the form) and check CSRF itself afterwards.
    If something read the form earlier anyway, Django's default handlers have kept a
    large file on disk, not in memory, and `size_problem` refuses it before it is read.
    """
    handler = LimitedUpload(request, max_bytes())
    try:
        request.upload_handlers.insert(0, handler)
    except AttributeError:  # Django's refusal once the body has been parsed
        return None
    return handler


def size_problem(size=None):
    """A Problem if `size` bytes (None: the upload was stopped) is over the admin's limit."""
    if size is not None and size <= max_bytes():
        return None
    return Problem(
        gettext("The file is larger than the %(bytes)s bytes the admin import accepts "
                "(setting REGISTRY_ADMIN_IMPORT_MAX_BYTES). Import larger files with %(command)s.")
        % {"bytes": grouped(max_bytes()), "command": COMMAND}
    )


def count_problem(count):
    """A Problem if a file of `count` records is more than the admin previews."""
    if count <= max_records():
        return None
    return Problem(
        gettext("The file holds %(count)s records; the admin import accepts at most "
                "%(most)s (setting REGISTRY_ADMIN_IMPORT_MAX_RECORDS). Import larger "
                "files with %(command)s.")
        % {"count": grouped(count),
           "most": grouped(max_records()), "command": COMMAND}
    )
