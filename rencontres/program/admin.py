"""Organisers' side of the program: sessions with fill rates, assignments, attendance lists,
moves, and the Cafés assignment."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from rencontres.audit.log import record
from rencontres.core.exports import export_filename, xlsx_response
from rencontres.core.pdf import pdf_response
from rencontres.core.permissions import has_permission, permission_required
from rencontres.core.uploads import serve_private
from rencontres.onsite.models import CheckIn
from rencontres.registration.admin import LimitThroughDomainAdmin, tell_promoted
from rencontres.registration.models import Delegation, Registration

from .domain import cafes, speakers
from .domain.signup import (
    SignupError,
    assign,
    check_places,
    check_reserved_seats,
    check_room_capacity,
    move,
    move_in_waiting_list,
    set_reserved_seats,
    set_room_capacity,
    set_session_capacity,
)
from .forms import SpeakerPhotoMixin
from .models import (
    Attendance,
    CafePlacement,
    CafeRound,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerDocument,
    Theme,
)

# Only live places count (an ended registration's places are released by the consequences
# of its ending; this keeps the figures right whatever the history of the data).
LIVE = Q(
    attendances__registration__status__in=[
        s for s in Registration.Status if s not in Registration.ENDED
    ]
)


def present_at(session):
    return CheckIn.objects.filter(session=session, registration=OuterRef("registration"))


class RoomForm(forms.ModelForm):
    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk is not None:
            try:
                check_room_capacity(self.instance, capacity)
            except SignupError as error:
                raise forms.ValidationError(error.message) from error
        return capacity


@admin.register(Room)
class RoomAdmin(LimitThroughDomainAdmin, TranslationAdmin):
    form = RoomForm
    list_display = ["name", "edition", "capacity", "is_placeholder"]
    list_filter = ["edition"]

    limit_on_add = False

    def set_limit(self, obj, value, actor):
        # The sessions that take their limit from the room give new places to those waiting.
        return set_room_capacity(obj, value, actor)


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "edition", "order"]
    list_filter = ["edition"]


class ProfileCompleteFilter(admin.SimpleListFilter):
    title = _("profile complete")
    parameter_name = "complete"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(speakers.incomplete_q())
        if self.value() == "no":
            return queryset.filter(speakers.incomplete_q())
        return queryset


class SpeakerDocumentInline(admin.TabularInline):
    model = SpeakerDocument
    extra = 0
    fields = ["title", "session", "publish", "uploaded_at", "download"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:program_speaker_document", args=[obj.speaker_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


class SpeakerAdminForm(SpeakerPhotoMixin, forms.ModelForm):
    pass


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    form = SpeakerAdminForm
    list_display = [
        "name",
        "function",
        "organisation",
        "country",
        "edition",
        "email",
        "profile_complete",
        "link_sent_at",
        "reminded_at",
    ]
    list_filter = ["edition", ProfileCompleteFilter]
    search_fields = ["name", "organisation", "email"]
    readonly_fields = ["photo_rights_at", "link_sent_at", "reminded_at"]
    inlines = [SpeakerDocumentInline]
    actions = ["send_space_links", "remind_incomplete", "revoke_space_links"]

    has_send_speaker_links_permission = has_permission("program.send_speaker_links")

    @admin.display(description=_("profile complete"), boolean=True)
    def profile_complete(self, obj):
        return speakers.is_complete(obj)

    def get_urls(self):
        view = self.admin_site.admin_view(self.document_view)
        return [
            path("<int:pk>/documents/<int:document_id>/", view, name="program_speaker_document"),
            *super().get_urls(),
        ]

    @permission_required("program.view_speaker")
    def document_view(self, request, pk, document_id):
        document = get_object_or_404(SpeakerDocument, pk=document_id, speaker_id=pk)
        return serve_private(document.file, f"{document.title}.pdf")

    def _mail(self, request, queryset, reminder, action):
        sent = without_address = 0
        with transaction.atomic():
            for speaker in queryset.select_related("edition__organiser"):
                if reminder and speakers.is_complete(speaker):
                    continue
                if speakers.send_link(speaker, reminder=reminder):
                    record(request.user, action, target=speaker)
                    sent += 1
                else:
                    without_address += 1
        self.message_user(
            request,
            ngettext("%(n)d mail queued.", "%(n)d mails queued.", sent) % {"n": sent},
            messages.SUCCESS,
        )
        if without_address:
            self.message_user(
                request,
                ngettext(
                    "%(n)d speaker has no e-mail address: add it first.",
                    "%(n)d speakers have no e-mail address: add it first.",
                    without_address,
                )
                % {"n": without_address},
                messages.WARNING,
            )

    @admin.action(
        description=_("Send them the link to their speaker space"),
        permissions=["send_speaker_links"],
    )
    def send_space_links(self, request, queryset):
        self._mail(request, queryset, False, "program.send_speaker_link")

    @admin.action(
        description=_("Remind those whose profile is incomplete"),
        permissions=["send_speaker_links"],
    )
    def remind_incomplete(self, request, queryset):
        self._mail(request, queryset, True, "program.remind_speaker")

    @admin.action(
        description=_("Revoke the links to their speaker space"),
        permissions=["send_speaker_links"],
    )
    def revoke_space_links(self, request, queryset):
        with transaction.atomic():
            for speaker in queryset.select_related("edition"):
                speakers.revoke_link(speaker)
                record(request.user, "program.revoke_speaker_link", target=speaker)
        self.message_user(request, _("Links revoked."), messages.SUCCESS)


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]


class SessionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reserved_seats" in self.fields:
            # Left empty (or absent from a form written before it existed): none reserved.
            self.fields["reserved_seats"].required = False

    def clean_reserved_seats(self):
        return self.cleaned_data.get("reserved_seats") or 0

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and "capacity" in data:
            # The places it would have (its own limit, else its room's), checked by the domain.
            session = Session(capacity=data["capacity"], room=data.get("room", self.instance.room))
            try:
                check_places(self.instance, session.places)
            except SignupError as error:
                self.add_error("capacity", error.message)
        if self.instance.pk is not None and "reserved_seats" in data:
            room = data.get("room", self.instance.room)
            capacity = data.get("capacity", self.instance.capacity)
            try:
                check_reserved_seats(
                    self.instance,
                    data["reserved_seats"],
                    Session(capacity=capacity, room=room).places,
                )
            except SignupError as error:
                self.add_error("reserved_seats", error.message)
        return data


@admin.register(Session)
class SessionAdmin(LimitThroughDomainAdmin, TranslationAdmin):
    form = SessionForm
    list_display = [
        "title",
        "kind",
        "start",
        "end",
        "room",
        "signup_required",
        "capacity",
        "fill_rate",
    ]
    list_editable = ["capacity"]
    list_filter = ["edition", "kind", "signup_required"]
    search_fields = ["title"]
    date_hierarchy = "start"
    inlines = [SessionSpeakerInline]
    filter_horizontal = ["themes"]
    change_form_template = "admin/program/session/change_form.html"

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=SessionForm, **kwargs)

    limit_on_add = False

    def set_limit(self, obj, value, actor):
        return set_session_capacity(obj, value, actor)

    def save_model(self, request, obj, form, change):
        # Reserved seats given back go to the waiting list at once, as a capacity's rise.
        reserved = obj.reserved_seats
        if change:
            obj.reserved_seats = form.initial.get("reserved_seats", 0)
        super().save_model(request, obj, form, change)
        if change:
            tell_promoted(self, request, set_reserved_seats(obj, reserved, request.user))
            obj.refresh_from_db()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("room", "edition")
            .annotate(
                taken=Count(
                    "attendances",
                    filter=Q(attendances__status="confirmed") & LIVE,
                    distinct=True,
                ),
                waiting=Count(
                    "attendances", filter=Q(attendances__status="waiting") & LIVE, distinct=True
                ),
                # Scanned at the session's door (onsite app): the real attendance.
                present=Count("check_ins", distinct=True),
            )
        )

    @admin.display(description=_("places taken"), ordering="taken")
    def fill_rate(self, obj):
        places = obj.places
        text = f"{obj.taken} / {places}" if places else str(obj.taken)
        if places:
            text += f" ({round(100 * obj.taken / places)} %)"
        if obj.waiting:
            text += " · " + str(_("%(count)s waiting") % {"count": obj.waiting})
        if obj.present:
            present = ngettext("%(count)s present", "%(count)s present", obj.present)
            text += " · " + present % {"count": obj.present}
        return text

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the edition's rooms: the edition is known on the change page.
        if db_field.name == "room" and request.resolver_match.kwargs.get("object_id"):
            session = Session.objects.filter(pk=request.resolver_match.kwargs["object_id"]).first()
            if session:
                kwargs["queryset"] = Room.objects.filter(edition_id=session.edition_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/attendance.pdf", view(self.attendance_pdf), name="program_attendance_pdf"
            ),
            path(
                "<int:pk>/attendance.xlsx",
                view(self.attendance_xlsx),
                name="program_attendance_xlsx",
            ),
            path("<int:pk>/assign/", view(self.assign_view), name="program_session_assign"),
        ] + super().get_urls()

    def _attendees(self, session):
        return (
            Attendance.objects.filter(session=session)
            .exclude(registration__status__in=Registration.ENDED)
            .annotate(present=Exists(present_at(session)))
            .select_related("registration__delegation")
            .order_by("status", "registration__last_name", "registration__first_name")
        )

    @permission_required("program.export_attendance")
    def attendance_pdf(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("room", "edition"), pk=pk)
        record(request.user, "program.export_attendance", target=session, format="pdf")
        attendees = [a for a in self._attendees(session) if a.status == Attendance.Status.CONFIRMED]
        return pdf_response(
            "program/attendance_pdf.html",
            {"session": session, "edition": session.edition, "attendees": attendees},
            f"{_attendance_filename(session)}.pdf",
            request=request,
            # A file to print or share, named after the edition, like the other exports.
            inline=False,
        )

    @permission_required("program.export_attendance")
    def attendance_xlsx(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("edition"), pk=pk)
        record(request.user, "program.export_attendance", target=session, format="xlsx")
        header = [
            _("Last name"),
            _("First name"),
            _("Organisation"),
            _("Country"),
            _("Delegation"),
            _("status"),
            _("source"),
            _("Signed up on"),
            _("Present"),
        ]
        rows = [
            [
                a.registration.last_name,
                a.registration.first_name,
                a.registration.organisation,
                a.registration.country.name,
                a.registration.delegation.name if a.registration.delegation else "",
                a.get_status_display(),
                a.get_source_display(),
                a.created,
                str(_("Yes")) if a.present else "",
            ]
            for a in self._attendees(session)
        ]
        return xlsx_response(
            _attendance_filename(session),
            header,
            rows,
            title=session.title,
            time_zone=session.edition.time_zone,
        )

    @permission_required("program.assign_attendance")
    def assign_view(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("edition", "room"), pk=pk)
        form = AssignForm(request.POST or None, session=session)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                assigned, refusals = assign(session, form.people())
                for registration in assigned:
                    record(request.user, "program.assign", target=registration, session=session.pk)
            if assigned:
                messages.success(
                    request,
                    _("%(count)s people assigned to “%(title)s”.")
                    % {"count": len(assigned), "title": session.title},
                )
            for registration, reason in refusals:
                messages.warning(request, f"{registration.full_name}: {reason}")
            return redirect("admin:program_session_change", session.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign people to “%(title)s”") % {"title": session.title},
            "session": session,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/program/session/assign.html", context)


def _attendance_filename(session):
    return export_filename(
        _("attendance %(session)s") % {"session": session.title}, session.edition
    )


class AssignForm(forms.Form):
    delegation = forms.ModelChoiceField(
        label=_("A whole delegation"), queryset=Delegation.objects.none(), required=False
    )
    registrations = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(edition=session.edition)
        self.fields["registrations"].queryset = (
            Registration.objects.filter(edition=session.edition)
            .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.REFUSED])
            .order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if not data.get("delegation") and not data.get("registrations"):
            raise forms.ValidationError(_("Choose a delegation or participants."))
        return data

    def people(self):
        people = set(self.cleaned_data.get("registrations") or [])
        if self.cleaned_data.get("delegation"):
            people |= set(
                self.cleaned_data["delegation"].members.exclude(
                    status__in=[Registration.Status.CANCELLED, Registration.Status.REFUSED]
                )
            )
        return sorted(people, key=lambda r: r.pk)


class MoveForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Move to"), queryset=Session.objects.none())

    def __init__(self, *args, edition_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Session.objects.filter(
            edition_id=edition_id, signup_required=True
        ).order_by("start", "order")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "source", "created"]
    list_filter = ["session__edition", "status", "source", "session__kind"]
    search_fields = ["registration__last_name", "registration__email", "session__title"]
    raw_id_fields = ["registration", "session"]
    list_select_related = ["registration", "session"]
    actions = ["move_people", "move_up", "move_down"]

    def _move_in_waiting_list(self, request, queryset, step):
        moved = 0
        for attendance in queryset.order_by("session_id", "created", "pk"):
            try:
                move_in_waiting_list(attendance, request.user, step=step)
                moved += 1
            except SignupError as error:
                messages.warning(request, f"{attendance.registration.full_name}: {error.message}")
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(n)d person moved in the waiting list.",
                    "%(n)d people moved in the waiting list.",
                    moved,
                )
                % {"n": moved},
            )

    @admin.action(description=_("Waiting list: move up one place"), permissions=["assign"])
    def move_up(self, request, queryset):
        self._move_in_waiting_list(request, queryset, -1)

    @admin.action(description=_("Waiting list: move down one place"), permissions=["assign"])
    def move_down(self, request, queryset):
        self._move_in_waiting_list(request, queryset, 1)

    has_assign_permission = has_permission("program.assign_attendance")

    @admin.action(description=_("Move to another session"), permissions=["assign"])
    def move_people(self, request, queryset):
        editions = set(queryset.values_list("session__edition_id", flat=True))
        if len(editions) != 1:
            messages.error(request, _("Choose attendances of one edition."))
            return None
        form = MoveForm(
            request.POST if "apply" in request.POST else None, edition_id=editions.pop()
        )
        if form.is_valid():
            moved = 0
            target = form.cleaned_data["target"]
            for attendance in queryset.select_related("registration"):
                try:
                    with transaction.atomic():
                        move(attendance, target)
                        record(
                            request.user,
                            "program.move",
                            target=attendance.registration,
                            source=attendance.session_id,
                            session=target.pk,
                        )
                    moved += 1
                except SignupError as error:
                    messages.warning(
                        request, f"{attendance.registration.full_name}: {error.message}"
                    )
            messages.success(request, _("%(count)s people moved.") % {"count": moved})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move to another session"),
            "form": form,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/program/attendance/move.html", context)


class CafePlacementForm(forms.ModelForm):
    class Meta:
        model = CafePlacement
        fields = ["session"]

    def clean_session(self):
        session = self.cleaned_data["session"]
        if self.instance.pk and session != self.instance.session:
            try:
                cafes.check_adjustment(self.instance.cafe_round, self.instance, session)
            except SignupError as error:
                raise forms.ValidationError(error.message) from error
        return session


class CafePlacementInline(admin.TabularInline):
    model = CafePlacement
    form = CafePlacementForm
    extra = 0
    can_delete = False
    fields = ["registration", "session", "rank"]
    readonly_fields = ["registration", "rank"]

    def has_add_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            round_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(
                kind=Session.Kind.CAFE, edition__cafe_round__pk=round_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CafeRound)
class CafeRoundAdmin(admin.ModelAdmin):
    list_display = ["edition", "choices_close", "assigned_at", "published_at"]
    readonly_fields = ["assigned_at", "published_at"]
    inlines = [CafePlacementInline]
    change_form_template = "admin/program/caferound/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/run/", view(self.run_view), name="program_caferound_run"),
            path("<int:pk>/publish/", view(self.publish_view), name="program_caferound_publish"),
        ] + super().get_urls()

    def save_formset(self, request, form, formset, change):
        # Moves go through the domain (locks, capacity, rank obtained); save(commit=False)
        # writes nothing but lists the changes for the admin's history message.
        formset.save(commit=False)
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                placement = CafePlacement.objects.get(pk=inline_form.instance.pk)
                if not request.user.has_perm("program.run_cafes"):
                    raise PermissionDenied
                try:
                    with transaction.atomic():
                        cafes.adjust(placement, inline_form.cleaned_data["session"])
                        record(
                            request.user,
                            "program.cafes_adjust",
                            target=placement.registration,
                            edition=form.instance.edition,
                            source=inline_form.initial.get("session"),
                            session=placement.session_id,
                        )
                except SignupError as error:
                    messages.error(request, error.message)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        cafe_round = get_object_or_404(CafeRound, pk=object_id)
        extra_context = {
            **(extra_context or {}),
            "summary": cafes.summary(cafe_round),
            "fill": cafes.fill(cafe_round),
            "now": timezone.now(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _act(self, request, pk, action, code, done):
        if request.method != "POST":
            return redirect("admin:program_caferound_change", pk)
        cafe_round = get_object_or_404(CafeRound.objects.select_related("edition"), pk=pk)
        try:
            with transaction.atomic():
                result = action(cafe_round)
                record(request.user, code, target=cafe_round)
        except SignupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done(result))
        return redirect(reverse("admin:program_caferound_change", args=[pk]))

    @permission_required("program.run_cafes")
    def run_view(self, request, pk):
        def done(s):
            if s["not_placed"]:
                messages.warning(
                    request,
                    _("Not placed: %(people)s.")
                    % {
                        "people": "; ".join(
                            f"{person.full_name} ({reason})" for person, reason in s["not_placed"]
                        )
                    },
                )
            return (
                _(
                    "Assignment done: %(first)s first choices, %(second)s second, %(third)s third, "
                    "%(other)s another café, %(unplaced)s without a café."
                )
                % s
            )

        return self._act(request, pk, cafes.run_assignment, "program.cafes_run", done)

    @permission_required("program.publish_cafes")
    def publish_view(self, request, pk):
        return self._act(
            request,
            pk,
            cafes.publish,
            "program.cafes_publish",
            lambda count: (
                ngettext(
                    "Published: %(count)s participant is told their café by e-mail.",
                    "Published: %(count)s participants are told their café by e-mail.",
                    count,
                )
                % {"count": count}
            ),
        )
