"""Back-office: themes, profiles, requests (priorities), and the organisers' B2B pages
(run the scheduler, read the result, publish, move a meeting, table plan, exchange files)."""

import json

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from rencontres.audit.log import record
from rencontres.core.exports import export_filename
from rencontres.core.pdf import pdf_response
from rencontres.core.permissions import permission_required
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for

from .domain import NetworkingError
from .domain.instance import build_instance
from .domain.report import comparison, run_report, table_plan
from .domain.scheduling import (
    choose_alternative,
    import_schedule,
    move_meeting,
    request_publication,
    start_run,
)
from .domain.slots import edition_slots, slot_id
from .forms import ImportForm, MoveForm, RunForm
from .models import (
    FreedMeeting,
    Meeting,
    MeetingRequest,
    Profile,
    SchedulerSettings,
    ScheduleRun,
    Theme,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Profile)
class ProfileAdmin(TranslationAdmin):
    list_display = ["registration", "organisation", "opted_in", "updated"]
    list_filter = ["opted_in", "registration__edition", "themes"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__organisation",
    ]
    raw_id_fields = ["registration"]
    filter_horizontal = ["themes", "offers", "seeks"]

    @admin.display(description=gettext_lazy("organisation"))
    def organisation(self, profile):
        return profile.registration.organisation


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "side_a", "side_b", "status", "priority", "created"]
    list_editable = ["priority"]
    list_filter = ["edition", "status", "priority"]
    search_fields = [
        "party_a__last_name",
        "party_a__organisation",
        "party_b__last_name",
        "party_b__organisation",
    ]
    raw_id_fields = ["requester", "party_a", "party_b", "answered_by"]
    readonly_fields = ["created", "answered_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("party_a", "party_b")

    @admin.display(description=gettext_lazy("requesting side"))
    def side_a(self, item):
        return ", ".join(p.full_name for p in item.party_a.all())

    @admin.display(description=gettext_lazy("invited side"))
    def side_b(self, item):
        return ", ".join(p.full_name for p in item.party_b.all())


@admin.register(SchedulerSettings)
class SchedulerSettingsAdmin(admin.ModelAdmin):
    """Per-edition settings; its pages are the organisers' B2B area."""

    list_display = [
        "edition",
        "slot_minutes",
        "tables",
        "max_meetings",
        "objective",
        "dashboard_link",
    ]
    fields = ["edition", "slot_minutes", "tables", "max_meetings", "time_limit", "objective"]

    @admin.display(description=gettext_lazy("B2B meetings"))
    def dashboard_link(self, settings):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:networking_dashboard", args=[settings.edition_id]),
            _("Schedule the meetings"),
        )

    def changelist_view(self, request, extra_context=None):
        # Every edition has its line, with the defaults until changed.
        missing = editions_for(request.user).filter(b2b_settings__isnull=True)
        SchedulerSettings.objects.bulk_create(SchedulerSettings(edition=e) for e in missing)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        def view(func, route, name):
            return path(route, self.admin_site.admin_view(func), name=f"networking_{name}")

        return [
            view(self.dashboard, "edition/<int:edition_id>/", "dashboard"),
            view(self.run_start, "edition/<int:edition_id>/run/", "run_start"),
            view(self.instance_json, "edition/<int:edition_id>/instance.json", "instance"),
            view(self.schedule_import, "edition/<int:edition_id>/import/", "import"),
            view(self.table_plan_pdf, "edition/<int:edition_id>/table-plan.pdf", "table_plan"),
            view(self.run_detail, "run/<int:run_id>/", "run"),
            view(self.run_progress, "run/<int:run_id>/progress/", "run_progress"),
            view(self.run_publish, "run/<int:run_id>/publish/", "run_publish"),
            view(self.run_choose, "run/<int:run_id>/choose/", "run_choose"),
            view(
                self.publication_progress,
                "run/<int:run_id>/publication/",
                "publication_progress",
            ),
            view(self.run_json, "run/<int:run_id>/<slug:kind>.json", "run_json"),
            view(self.meeting_move, "meeting/<int:meeting_id>/move/", "move"),
        ] + super().get_urls()

    def _render(self, request, template, title, **context):
        return render(
            request,
            f"admin/networking/{template}",
            {**self.admin_site.each_context(request), "title": title, **context},
        )

    @permission_required("networking.view_schedulerun")
    def dashboard(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        settings, _created = SchedulerSettings.objects.get_or_create(edition=edition)
        requests = MeetingRequest.objects.filter(edition=edition)
        counts = {
            status: requests.filter(status=status).count() for status in MeetingRequest.Status
        }
        meetings = list(
            Meeting.objects.filter(edition=edition)
            .select_related("request")
            .prefetch_related("request__party_a", "request__party_b")
        )
        return self._render(
            request,
            "dashboard.html",
            _("B2B meetings of the %(edition)s") % {"edition": edition},
            edition=edition,
            settings=settings,
            slots=edition_slots(edition, settings),
            counts=[(MeetingRequest.Status(s).label, n) for s, n in counts.items()],
            profiles=Profile.objects.listed(edition).count(),
            runs=ScheduleRun.objects.filter(edition=edition)[:10],
            meetings=meetings,
            freed=_freed_since_publication(edition),
            run_form=RunForm(),
            import_form=ImportForm(),
        )

    @staticmethod
    def _back(edition_id):
        return redirect("admin:networking_dashboard", edition_id)

    @permission_required("networking.run_scheduler")
    def run_start(self, request, edition_id):
        if request.method != "POST":
            return self._back(edition_id)
        edition = get_object_or_404(Edition, pk=edition_id)
        form = RunForm(request.POST)
        keep = form.is_valid() and form.cleaned_data["keep_published"]
        try:
            with transaction.atomic():
                run = start_run(edition, request.user, keep_published=keep)
                record(
                    request.user,
                    "networking.run",
                    target=run,
                    keep_published=keep,
                    objective=run.objective_mode,
                )
        except NetworkingError as error:
            messages.error(request, str(error))
            return self._back(edition_id)
        return redirect("admin:networking_run", run.pk)

    @permission_required("networking.export_schedule")
    def instance_json(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        record(request.user, "networking.export", edition=edition, kind="instance")
        return self._json(build_instance(edition), f"b2b-instance-{edition.number}.json")

    @staticmethod
    def _json(document, filename):
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @permission_required("networking.export_schedule")
    def run_json(self, request, run_id, kind):
        run = get_object_or_404(ScheduleRun.objects.select_related("edition"), pk=run_id)
        document = {"instance": run.instance, "schedule": run.result}.get(kind)
        if document is None:
            return HttpResponse(status=404)
        record(request.user, "networking.export", target=run, kind=kind)
        return self._json(document, f"b2b-{kind}-run-{run.pk}.json")

    @permission_required("networking.run_scheduler")
    def schedule_import(self, request, edition_id):
        if request.method != "POST":
            return self._back(edition_id)
        edition = get_object_or_404(Edition, pk=edition_id)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a schedule file to import."))
            return self._back(edition_id)
        upload = form.cleaned_data["schedule"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise NetworkingError(_("This file is too large."))
            document = json.loads(upload.read().decode("utf-8"))
            with transaction.atomic():
                run = import_schedule(edition, document, request.user)
                record(request.user, "networking.import", target=run, file=upload.name)
        except (ValueError, RecursionError, NetworkingError) as error:
            message = (
                str(error)
                if isinstance(error, NetworkingError)
                else _("This file is not valid JSON.")
            )
            messages.error(request, message)
            return self._back(edition_id)
        messages.success(request, _("The schedule is imported. Check it, then publish it."))
        return redirect("admin:networking_run", run.pk)

    @permission_required("networking.view_schedulerun")
    def run_detail(self, request, run_id):
        run = get_object_or_404(ScheduleRun.objects.select_related("edition"), pk=run_id)
        report = run_report(run) if run.status == ScheduleRun.Status.DONE else None
        published = Meeting.objects.filter(edition=run.edition).exists()
        return self._render(
            request,
            "run.html",
            _("Scheduler run %(number)s") % {"number": run.pk},
            run=run,
            edition=run.edition,
            report=report,
            sides=comparison(run) if report else [],
            has_published=published,
            run_progress=_run_progress(run),
            publication_progress=_publication_progress(run),
        )

    @staticmethod
    def _progress(request, progress):
        if not progress["active"] and request.htmx:
            # Finished: reload the whole page, which now shows the result.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "admin/networking/_progress.html", {"progress": progress})

    @permission_required("networking.view_schedulerun")
    def run_progress(self, request, run_id):
        return self._progress(request, _run_progress(get_object_or_404(ScheduleRun, pk=run_id)))

    @permission_required("networking.view_schedulerun")
    def publication_progress(self, request, run_id):
        run = get_object_or_404(ScheduleRun, pk=run_id)
        return self._progress(request, _publication_progress(run))

    @permission_required("networking.publish_schedule")
    def run_publish(self, request, run_id):
        run = get_object_or_404(ScheduleRun.objects.select_related("edition"), pk=run_id)
        if request.method == "POST":
            try:
                with transaction.atomic():
                    request_publication(run, request.user)
                    record(request.user, "networking.publish", target=run)
            except NetworkingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "The publication has started: the meetings are published, then each "
                        "person concerned gets a mail. This page shows how far it has gone."
                    ),
                )
        return redirect("admin:networking_run", run.pk)

    @permission_required("networking.publish_schedule")
    def run_choose(self, request, run_id):
        run = get_object_or_404(ScheduleRun.objects.select_related("edition"), pk=run_id)
        if request.method == "POST":
            try:
                with transaction.atomic():
                    run = choose_alternative(run)
                    record(
                        request.user,
                        "networking.choose",
                        target=run,
                        objective=run.objective_mode,
                        served=run.result.get("served"),
                        weighted=run.objective,
                    )
            except NetworkingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("This run now publishes the schedule “%(label)s”.")
                    % {"label": run.get_objective_mode_display()},
                )
        return redirect("admin:networking_run", run.pk)

    @permission_required("networking.move_meeting")
    def meeting_move(self, request, meeting_id):
        meeting = get_object_or_404(
            Meeting.objects.select_related("edition", "request").prefetch_related(
                "request__party_a", "request__party_b"
            ),
            pk=meeting_id,
        )
        settings = SchedulerSettings.objects.get_or_create(edition=meeting.edition)[0]
        slots = edition_slots(meeting.edition, settings)
        form = MoveForm(
            request.POST or None,
            slots=slots,
            tables=settings.tables,
            initial={"slot": slot_id(meeting.start), "table": meeting.table},
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    old = {"start": meeting.start.isoformat(), "table": meeting.table}
                    move_meeting(
                        meeting, form.cleaned_data["slot"], form.cleaned_data["table"], request.user
                    )
                    record(request.user, "networking.move", target=meeting, old=old)
            except NetworkingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The meeting is moved and its people are told."))
                return self._back(meeting.edition_id)
        return self._render(
            request,
            "move.html",
            _("Move a meeting"),
            meeting=meeting,
            edition=meeting.edition,
            form=form,
        )

    @permission_required("networking.export_schedule")
    def table_plan_pdf(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        record(request.user, "networking.export", edition=edition, kind="table_plan")
        return pdf_response(
            "networking/table_plan.html",
            {"edition": edition, "plan": table_plan(edition)},
            f"{export_filename(_('B2B table plan'), edition)}.pdf",
            request=request,
            # A file to print or share, named after the edition, like the other exports.
            inline=False,
        )


def _freed_since_publication(edition):
    """Published meetings cancelled since the last publication: slots a new run may fill."""
    last = (
        ScheduleRun.objects.filter(edition=edition, published_at__isnull=False)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if last is None:
        return []
    return list(FreedMeeting.objects.filter(edition=edition, freed__gt=last))


def _run_progress(run):
    return {
        "id": "run-progress",
        "url": reverse("admin:networking_run_progress", args=[run.pk]),
        "status": run.get_status_display(),
        "percent": run.percent,
        "active": run.is_active,
    }


def _publication_progress(run):
    return {
        "id": "publication-progress",
        "url": reverse("admin:networking_publication_progress", args=[run.pk]),
        "status": _("Publication: %(status)s") % {"status": run.get_publication_status_display()},
        "percent": run.publication_percent,
        "active": run.is_publishing,
    }
