"""Back-office: imports of spreadsheets (upload → columns → preview → confirm → report) and
the likely duplicates with their merge."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from rencontres.core.permissions import ReadOnlyAdmin, permission_required
from rencontres.organisers.scoping import editions_for
from rencontres.registration.domain import RegistrationError, duplicates
from rencontres.registration.models import Registration

from .domain import rows as checking
from .domain import running
from .domain.columns import FIELDS
from .domain.preparing import MappingError, prepare, set_mapping
from .domain.reading import UnreadableFile
from .forms import MappingForm, UploadForm
from .models import Duplicates, ImportBatch

IMPORT = "imports.import_registrations"
# The preview lists every row with an error or a likely duplicate, and this many of the rest.
PREVIEW_VALID_ROWS = 50
PREVIEW_FLAGGED_ROWS = 500


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "source",
        "file_name",
        "edition",
        "status",
        "row_count",
        "imported",
        "created_by",
    ]
    list_filter = ["edition", "status"]
    search_fields = ["source", "file_name"]
    list_select_related = ["edition", "created_by"]

    def has_add_permission(self, request):
        return request.user.has_perm(IMPORT)

    def has_change_permission(self, request, obj=None):
        return False  # a batch changes only through its page's buttons

    def has_delete_permission(self, request, obj=None):
        return False  # the history of imports stays

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:batch_id>/progress/",
                view(self.progress_view),
                name="imports_importbatch_progress",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **context):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **context}

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                batch = prepare(
                    data["edition"],
                    data["source"],
                    data["file"],
                    actor=request.user,
                    default_category=data["default_category"],
                    target=data.get("target"),
                )
            except UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                return redirect("admin:imports_importbatch_change", batch.pk)
        return TemplateResponse(
            request,
            "admin/imports/upload.html",
            self._context(request, title=_("Import a spreadsheet"), form=form),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = get_object_or_404(
            ImportBatch.objects.select_related("edition", "default_category"), pk=object_id
        )
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        may_import = request.user.has_perm(IMPORT)
        preview = batch.status == ImportBatch.Status.PREVIEW
        mapping_form = MappingForm(
            request.POST if "save_mapping" in request.POST else None, batch=batch
        )
        if request.method == "POST":
            if not may_import:
                raise PermissionDenied
            if not preview:
                # A second click, or another organiser was quicker.
                self.message_user(
                    request,
                    _("This import has already been confirmed or abandoned."),
                    messages.WARNING,
                )
                return redirect("admin:imports_importbatch_change", batch.pk)
            answer = self._act(request, batch, mapping_form)
            if answer is not None:
                return answer
        context = {"batch": batch, "may_import": may_import, "mapping_form": mapping_form}
        if preview:
            context.update(_preview(batch))
        if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
            context["progress"] = _progress(batch)
        if batch.status == ImportBatch.Status.DONE:
            context["statuses"] = [
                (Registration.Status(code).label, count)
                for code, count in batch.report.get("statuses", {}).items()
            ]
        return TemplateResponse(
            request,
            "admin/imports/batch.html",
            self._context(request, title=str(batch), **context),
        )

    def _act(self, request, batch, mapping_form):
        """The preview's buttons; None when the page is shown again (with its errors)."""
        if "save_mapping" in request.POST:
            if mapping_form.is_valid():
                try:
                    set_mapping(batch, mapping_form.mapping())
                except MappingError as error:
                    mapping_form.add_error(None, str(error))
                    return None
                return redirect("admin:imports_importbatch_change", batch.pk)
            return None
        if "abandon" in request.POST:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.ABANDONED, rows=[]
            )
            self.message_user(request, _("Import abandoned: nothing was imported."))
            return redirect("admin:imports_importbatch_changelist")
        if "confirm" in request.POST:
            try:
                running.confirm(batch, request.user)
            except running.ConfirmError as error:
                self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:imports_importbatch_change", batch.pk)
        return None

    @permission_required("imports.view_importbatch")
    def progress_view(self, request, batch_id):
        progress = _progress(get_object_or_404(ImportBatch, pk=batch_id))
        if not progress["active"] and request.htmx:
            # Finished: the whole page shows the report.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "admin/networking/_progress.html", {"progress": progress})


def _preview(batch):
    checked = checking.check(batch)
    units = running.units(checked)
    importable = sum(len(unit) for unit in units)
    flagged = [row for row in checked if row.errors or row.duplicates]
    shown_valid = [row for row in checked if not (row.errors or row.duplicates)]
    mapped = sorted((int(index), field) for index, field in batch.mapping.items())
    shown = sorted(
        flagged[:PREVIEW_FLAGGED_ROWS] + shown_valid[:PREVIEW_VALID_ROWS], key=lambda r: r.number
    )
    for row in shown:
        row.shown = [row.cells[index] if index < len(row.cells) else "" for index, _f in mapped]
    return {
        "rows": shown,
        "hidden": len(checked) - len(shown),
        "importable": importable,
        "with_errors": sum(1 for row in checked if row.errors),
        "with_duplicates": sum(1 for row in checked if row.duplicates),
        "columns": [FIELDS[field][0] for _index, field in mapped],
    }


def _progress(batch):
    done, total = running.progress(batch)
    return {
        "id": "import-progress",
        "url": reverse("admin:imports_importbatch_progress", args=[batch.pk]),
        "status": batch.get_status_display(),
        "percent": round(100 * done / total) if total else 0,
        "active": batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
    }


@admin.register(Duplicates)
class DuplicatesAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """No table behind it: its pages are the likely duplicates of an edition and the merge."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("imports.view_duplicates")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="imports_duplicates_changelist"),
            path("merge/", view(self.merge_view), name="imports_duplicates_merge"),
        ]

    @permission_required("imports.view_duplicates", "registration.view_registration")
    def changelist_view(self, request, extra_context=None):
        editions = editions_for(request.user).order_by("-start_date")
        edition = editions.filter(pk=request.GET.get("edition") or 0).first() or editions.first()
        context = {
            "title": _("Likely duplicates"),
            "editions": editions,
            "edition": edition,
            "pairs": [
                (a, b, [duplicates.reason_label(kind) for kind in kinds])
                for a, b, kinds in (duplicates.pairs(edition) if edition else [])
            ],
            "earlier": duplicates.other_editions(edition) if edition else [],
        }
        return TemplateResponse(
            request,
            "admin/imports/duplicates.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    @permission_required("imports.merge_registrations", "registration.change_registration")
    def merge_view(self, request):
        ids = (
            request.POST.get("a") or request.GET.get("a"),
            request.POST.get("b") or request.GET.get("b"),
        )
        found = Registration.objects.select_related("category", "edition", "delegation")
        try:
            a, b = (found.get(pk=int(pk)) for pk in ids)
        except (TypeError, ValueError, Registration.DoesNotExist):
            # Reached without a pair (or one already merged away): back to the list.
            return redirect("admin:imports_duplicates_changelist")
        if request.method == "POST":
            keep, other = (b, a) if request.POST.get("keep") == str(b.pk) else (a, b)
            taken = [
                name for name in duplicates.MERGE_FIELDS if request.POST.get(name) == str(other.pk)
            ]
            try:
                with transaction.atomic():
                    merged = duplicates.merge(
                        keep, other, take_from_other=taken, actor=request.user
                    )
            except RegistrationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Merged: %(kept)s keeps every sign-up, request, meeting and mail of both.")
                    % {"kept": merged},
                )
                return redirect(
                    f"{reverse('admin:imports_duplicates_changelist')}?edition={merged.edition_id}"
                )
        rows = [
            (
                name,
                Registration._meta.get_field(name).verbose_name,
                _display(a, name),
                _display(b, name),
            )
            for name in duplicates.MERGE_FIELDS
        ]
        context = {
            "title": _("Merge two registrations"),
            "a": a,
            "b": b,
            "rows": rows,
            "same_edition": a.edition_id == b.edition_id,
        }
        return TemplateResponse(
            request,
            "admin/imports/merge.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )


def _display(registration, name):
    display = getattr(registration, f"get_{name}_display", None)
    value = display() if display else getattr(registration, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "—"
