"""The admin's way in and out of files: "export selected" actions and the import page.

`OrganizationAdmin` serves `import_view` and links to it for who `can_import`; it and
`CountryAdmin` offer the two export actions.

The import page previews a dry run; the editor confirms or cancels. Between the two
steps the file travels in the confirmation form, signed (it cannot be altered on the
way), and the confirmed import checks every record again against the registry as it
is then.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..models import Organization
from ..registry import BY_LABEL, MODELS
from ..registry_io import export_csv as write_csv
from ..registry_io import export_json as write_json
from ..registry_io import for_countries, for_organizations, import_data
from ..registry_io.parse import size_problem
from ..registry_io.report import ImportReport, Problem, describe_key

SIGNING_SALT = "members.registry_import"
# How long a preview stays confirmable, in seconds.
CONFIRM_MAX_AGE = 60 * 60
# The preview lists at most this many records to create, per model.
PREVIEW_LIMIT = 200


def can_import(user):
    """Only who may add and change every registry model may import into it."""
    return user.has_perms(
        [f"members.{action}_{entry.model_name}" for entry in MODELS for action in ("add", "change")]
    )


def download(queryset, format):
    scope = for_organizations(queryset) if queryset.model is Organization else for_countries(queryset)
    content_type = "application/json" if format == "json" else "text/csv"
    response = HttpResponse(content_type=f"{content_type}; charset=utf-8")
    name = queryset.model._meta.verbose_name_plural.replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="icor-registry-{name}.{format}"'
    (write_json if format == "json" else write_csv)(response, scope)
    return response


@admin.action(description="Export selected as a JSON fixture", permissions=["view"])
def export_json(modeladmin, request, queryset):
    """The selected records with their countries and periods, as a fixture that loads on its own."""
    return download(queryset, "json")


@admin.action(description="Export selected as CSV (one row per membership period)", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return download(queryset, "csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="A .json fixture or a .csv export of the registry, UTF-8. Nothing is "
        "written until you confirm the preview."
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self):
        try:
            signed = signing.loads(self.cleaned_data["token"], salt=SIGNING_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                "This preview has expired or was altered; upload the file again."
            ) from error
        return signed["name"], signed["text"].encode("utf-8")


def sign(name, data):
    """The file, signed and compressed, for the confirmation form (None if too large)."""
    token = signing.dumps({"name": name, "text": data.decode("utf-8")}, salt=SIGNING_SALT, compress=True)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is not None and len(token) > limit - 10_000 else token


def import_view(request, model_admin):
    """Upload, preview (a dry run), then confirm or cancel."""
    if not can_import(request.user):
        raise PermissionDenied
    changelist = redirect("admin:members_organization_changelist")
    report, token, form = None, None, UploadForm()
    if request.method == "POST" and "cancel" in request.POST:
        messages.info(request, "Import cancelled; nothing was changed.")
        return changelist
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, " ".join(confirm.errors["token"]))
        else:
            name, data = confirm.cleaned_data["token"]
            report = import_data(data, name)
            if report.ok:
                messages.success(request, " ".join(report.summary_lines()))
                return changelist
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report, token = preview(upload)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Organization._meta,
        "title": "Import registry records",
        "form": form,
        "report": report,
        "token": token,
        "created": created_lists(report) if report else [],
        "counts": counts(report) if report else [],
    }
    return TemplateResponse(request, "admin/members/import.html", context)


def preview(upload):
    """(dry-run report, signed token or None) for an uploaded file."""
    problem = size_problem(upload.size)
    if problem:
        return ImportReport(source=upload.name, dry_run=True, problems=[problem]), None
    data = upload.read()
    report = import_data(data, upload.name, dry_run=True)
    if not report.ok:
        return report, None
    token = sign(upload.name, data)
    if token is None:
        report.problems.append(Problem(
            "This file is too large to confirm in the browser; import it with "
            "`python manage.py import_registry`."
        ))
    return report, token


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
