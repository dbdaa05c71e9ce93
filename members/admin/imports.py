"""The admin's way in and out of files: "export selected" actions and the import page.

`OrganizationAdmin` serves `import_view` and links to it for who `can_import`, and
serves `export_view`, the whole registry in the layout the import reads; it and
`CountryAdmin` offer the two export actions.

The import page previews a dry run; the editor confirms or cancels. Between the two
steps the file travels in the confirmation form, signed (it cannot be altered on the
way); `confirmation.py` makes a confirmation work once, for the editor who previewed,
and only while the records it touches are as the preview found them. `uploads.py`
refuses a file larger than the form can carry back while it is still arriving.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from ..models import Organization
from ..numbers import grouped
from ..public.exports import EXPORT_KEYS
from ..registry import BY_LABEL, MODELS
from ..registry_io import export_csv as write_csv
from ..registry_io import fixture_chunks, for_countries, for_organizations, import_data
from ..registry_io.parse import CSV_COLUMNS, missing_columns, read_records, size_problem
from ..registry_io.report import ImportReport, Problem, describe_key
from . import confirmation, uploads

# The preview lists at most this many records to create, per model, and this many
# problems; the command's dry run lists them all.
PREVIEW_LIMIT = 200
# The public list's CSV has always begun with these columns (new ones are only appended).
PUBLIC_LIST_COLUMNS = EXPORT_KEYS[: EXPORT_KEYS.index("url") + 1]
PUBLIC_LIST_CSV = format_lazy(_(
    "This is the public list's CSV (organizations.csv): one row per organization, "
    "without its membership periods and their sources, so it cannot be imported. The "
    "import reads the registry's own CSV, one row per membership period with the columns "
    "{columns}: download it with “Whole registry as CSV” on this page, or "
    "export chosen organizations from the organization list with the action “Export "
    "selected as CSV”."
), columns=", ".join(CSV_COLUMNS))


def can_import(user):
    """Only who may add and change every registry model may import into it."""
    return user.has_perms(
        [f"members.{action}_{entry.model_name}" for entry in MODELS for action in ("add", "change")]
    )


def download(queryset, format):
    scope = for_organizations(queryset) if queryset.model is Organization else for_countries(queryset)
    # A file name in English whatever the editor's language, as the downloads' keys are.
    with translation.override("en"):
        name = str(queryset.model._meta.verbose_name_plural).replace(" ", "-")
    return attachment(f"icor-registry-{name}.{format}", format, scope)


def attachment(filename, format, scope=None):
    """A file to download: the records of `scope` (default: everything) as JSON, streamed
    as the public /data/ download streams it, or as CSV."""
    if format == "json":
        response = StreamingHttpResponse(fixture_chunks(scope),
                                         content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        write_csv(response, scope)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_view(request, model_admin, format):
    """The whole registry as a JSON fixture or a CSV, in the layout the import reads."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return attachment(f"icor-registry.{format}", format)


@admin.action(description=_("Export selected as a JSON fixture"), permissions=["view"])
def export_json(modeladmin, request, queryset):
    """The selected records with their countries and periods, as a fixture that loads on its own."""
    return download(queryset, "json")


@admin.action(description=_("Export selected as CSV (one row per membership period)"),
              permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return download(queryset, "csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A .json fixture or a .csv export of the registry, UTF-8. Nothing is "
                    "written until you confirm the preview."),
    )


def import_view(request, model_admin):
    """Upload, preview (a dry run), then confirm or cancel.

    Wired exempt from the CSRF middleware, whose check would read the upload before
    its limit is in place; the page checks CSRF itself once it is (`import_page`).
    """
    if not can_import(request.user):
        raise PermissionDenied
    return import_page(request, model_admin, uploads.limit_upload(request))


@csrf_protect
def import_page(request, model_admin, upload_limit):
    changelist = redirect("admin:members_organization_changelist")
    report, token, form = None, None, UploadForm()
    if request.method == "POST" and "cancel" in request.POST:
        cancel(request)
        messages.info(request, gettext("Import cancelled; nothing was changed."))
        return changelist
    if request.method == "POST" and "token" in request.POST:
        try:
            report = confirm(request, request.POST["token"])
        except confirmation.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            if report.ok:
                messages.success(request, " ".join(report.summary_lines()))
                return changelist
    elif request.method == "POST" and upload_limit and upload_limit.refused:
        report = refused(upload_limit.refused, uploads.size_problem())
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            report, token = preview(request, form.cleaned_data["file"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Organization._meta,
        "title": gettext("Import registry records"),
        "form": form,
        "report": report,
        "token": token,
        "problems": report.problems[:PREVIEW_LIMIT] if report else [],
        "more_problems": max(0, len(report.problems) - PREVIEW_LIMIT) if report else 0,
        "created": created_lists(report) if report else [],
        "counts": counts(report) if report else [],
        "max_bytes": uploads.max_bytes(),
        "max_records": grouped(uploads.max_records()),
        "csv_columns": CSV_COLUMNS,
    }
    return TemplateResponse(request, "admin/members/import.html", context)


def refused(name, problem):
    return ImportReport(source=name, dry_run=True, problems=[problem])


def preview(request, upload):
    """(dry-run report, confirmation token or None) for an uploaded file."""
    problem = size_problem(upload.size) or uploads.size_problem(upload.size)
    if problem:
        return refused(upload.name, problem), None
    data = upload.read()
    problem = public_list_problem(data, upload.name)
    if problem:
        return refused(upload.name, problem), None
    # Reading the records is quick; the dry run's checks are what a large file makes slow.
    # A record the parser could not read counts as one too.
    records, problems = read_records(data, upload.name)
    problem = uploads.count_problem(len(records) + len(problems))
    if problem:
        return refused(upload.name, problem), None
    seen = confirmation.snapshot(confirmation.mentioned_keys(records))
    report = import_data(data, upload.name, dry_run=True)
    if not report.ok:
        return report, None
    token = confirmation.issue(request, upload.name, data, seen)
    if token is None:
        report.problems.append(Problem(
            gettext("This file is too large to confirm in the browser; import it with "
                    "`python manage.py import_registry`.")
        ))
    return report, token


def public_list_problem(data, name):
    """A Problem if `data` is a CSV in the public list's layout, which the import cannot
    read (it lacks the periods), saying which file to import instead."""
    if not name.lower().endswith(".csv"):
        return None
    first_line = data[:4096].split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    header = next(csv.reader([first_line]), [])
    is_public = header[: len(PUBLIC_LIST_COLUMNS)] == PUBLIC_LIST_COLUMNS
    return Problem(PUBLIC_LIST_CSV) if is_public and missing_columns(header) else None


def confirm(request, token):
    """The report of a confirmed import; Refused if the confirmation may not be applied.

    The check and the import run in one transaction, so no edit lands between them.
    """
    name, data, seen = confirmation.redeem(request, token)
    with transaction.atomic():
        confirmation.check_unchanged(data, name, seen)
        return import_data(data, name)


def cancel(request):
    """Use up the confirmation being cancelled, if it is a valid one of this editor's."""
    try:
        confirmation.redeem(request, request.POST.get("token", ""))
    except confirmation.Refused:
        pass


def counts(report):
    """[(plural, created, updated, unchanged)] per model, for the preview's table."""
    return [(BY_LABEL[label].plural, *numbers) for label, numbers in report.counts().items()]


def created_lists(report):
    """[(plural, [natural keys shown], how many more)] of the records to create."""
    return [
        (BY_LABEL[label].plural, [describe_key(label, key) for key in keys[:PREVIEW_LIMIT]],
         max(0, len(keys) - PREVIEW_LIMIT))
        for label, keys in report.created.items()
        if keys
    ]
