from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rencontres.audit.log import record
from rencontres.core.exports import xlsx_response
from rencontres.core.permissions import permission_required

from .domain import automatic, segment, send
from .domain import render as rendering
from .domain import survey as survey_domain
from .forms import SEGMENT_FIELDS, AutomaticMailForm, MessageForm, describe
from .models import AutomaticMail, Message, Survey, SurveyQuestion, Unsubscription


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Compose a message to a group, check who gets it and how it reads, send it, follow it."""

    form = MessageForm
    list_display = ["__str__", "edition", "kind", "status", "recipient_count", "queued_at"]
    list_filter = ["edition", "status", "kind"]
    search_fields = ["subject_fr", "subject_en"]
    readonly_fields = ["status", "recipient_count", "created_by", "sent_by", "queued_at"]
    change_form_template = "admin/messaging/message/change_form.html"

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            recipients = ["filters"]
        else:
            recipients = [
                name
                for name in SEGMENT_FIELDS
                if name != "checked_in" or segment.onsite_installed()
            ]
        return [
            (None, {"fields": ["edition", "kind"]}),
            (_("French"), {"fields": ["subject_fr", "body_fr"]}),
            (_("English"), {"fields": ["subject_en", "body_en"]}),
            (_("Recipients"), {"fields": recipients}),
            (
                _("Sending the message"),
                {"fields": ["attachment", "scheduled_at", *self.readonly_fields]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "filters"]

    @admin.display(description=_("Filters"))
    def filters(self, obj):
        return "\n".join(describe(obj)) or _("Everyone still registered")

    def has_change_permission(self, request, obj=None):
        # A message handed over for sending stays as it was sent: the edition's history.
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def view(func, route, name):
            return path(route, self.admin_site.admin_view(func), name=f"messaging_message_{name}")

        return [
            view(self.send_test_view, "<int:pk>/test/", "test"),
            view(self.send_view, "<int:pk>/send/", "send"),
            view(self.progress_view, "<int:pk>/progress/", "progress"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, object_id)
        extra = {}
        if message is not None:
            extra = {
                "composed": message,
                "missing": [
                    {"fr": _("French"), "en": _("English")}[code]
                    for code in rendering.missing_languages(message)
                ],
            }
            if message.is_draft:
                extra["count"] = send.recipients(message).count()
                extra["previews"] = [
                    (label, *send.preview(message, code))
                    for code, label in (("fr", _("French")), ("en", _("English")))
                ]
            else:
                extra["report"] = self._report(message)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _back(self, message):
        return redirect(reverse("admin:messaging_message_change", args=[message.pk]))

    @staticmethod
    def _report(message):
        report = send.report(message)
        report["url"] = reverse("admin:messaging_message_progress", args=[message.pk])
        report["id"] = f"message-{message.pk}-progress"
        return report

    @permission_required("messaging.send_message")
    def send_test_view(self, request, pk):
        message = get_object_or_404(Message.objects.select_related("edition"), pk=pk)
        if request.method != "POST":
            return self._back(message)
        try:
            count = send.send_test(message, request.user)
        except send.SendError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d test sent to %(email)s.", "%(count)d tests sent to %(email)s.", count
                )
                % {"count": count, "email": request.user.email},
                messages.SUCCESS,
            )
        return self._back(message)

    @permission_required("messaging.send_message")
    def send_view(self, request, pk):
        message = get_object_or_404(Message.objects.select_related("edition"), pk=pk)
        if request.method != "POST":
            return self._back(message)
        try:
            count = send.send(message, request.user)
        except send.SendError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            text = ngettext(
                "The message goes to %(count)d person.",
                "The message goes to %(count)d people.",
                count,
            ) % {"count": count}
            self.message_user(request, text, messages.SUCCESS)
        return self._back(message)

    @permission_required("messaging.view_message")
    def progress_view(self, request, pk):
        message = get_object_or_404(Message, pk=pk)
        report = self._report(message)
        if not report["active"] and request.htmx:
            # Finished: reload the page, which then shows the final report.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "admin/messaging/message/_progress.html", {"report": report})


@admin.register(Unsubscription)
class UnsubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "edition", "created"]
    list_filter = ["edition"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SurveyQuestionInline(admin.StackedInline):
    model = SurveyQuestion
    extra = 1
    fields = ["order", "kind", "label_fr", "label_en", "choices_fr", "choices_en"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """The questions of the satisfaction survey, its invitation, and its results."""

    list_display = ["edition", "is_open", "anonymous"]
    inlines = [SurveyQuestionInline]
    fields = ["edition", "intro_fr", "intro_en", "is_open", "anonymous", "rate_sessions"]
    change_form_template = "admin/messaging/survey/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        found = self.get_object(request, object_id)
        extra = {}
        if found is not None:
            summary = survey_domain.survey_summary(found.edition)
            extra = {
                "survey": found,
                "summary": summary,
                "charts": survey_domain.charts(summary),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_urls(self):
        def view(func, route, name):
            return path(route, self.admin_site.admin_view(func), name=f"messaging_survey_{name}")

        return [
            view(self.export_view, "<int:pk>/comments.xlsx", "export"),
            view(self.invite_view, "<int:pk>/invite/", "invite"),
        ] + super().get_urls()

    @permission_required("messaging.export_survey")
    def export_view(self, request, pk):
        found = get_object_or_404(Survey.objects.select_related("edition"), pk=pk)
        rows = survey_domain.comments(found)
        record(
            request.user,
            "messaging.export_survey",
            target=found,
            edition=found.edition,
            rows=len(rows),
        )
        return xlsx_response(
            f"commentaires-{found.edition.number}",
            [_("Question"), _("Comment"), _("Participant"), _("Date")],
            rows,
            title=_("Comments"),
        )

    @permission_required("messaging.add_message")
    def invite_view(self, request, pk):
        found = get_object_or_404(Survey.objects.select_related("edition"), pk=pk)
        if request.method != "POST":
            return redirect(reverse("admin:messaging_survey_change", args=[found.pk]))
        message = survey_domain.invitation(found, request.user)
        return redirect(reverse("admin:messaging_message_change", args=[message.pk]))


@admin.register(AutomaticMail)
class AutomaticMailAdmin(admin.ModelAdmin):
    """Organisers' own texts for the automatic mails, with placeholders and a preview."""

    form = AutomaticMailForm
    list_display = ["__str__", "edition", "modified"]
    list_filter = ["edition"]
    change_form_template = "admin/messaging/automaticmail/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["mails"] = [
            (label, ", ".join("{" + name + "}" for name in automatic.placeholders(key)))
            for key, (label, _extra) in automatic.MAILS.items()
        ]
        if obj is not None:
            context["previews"] = automatic.previews(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        route = path(
            "<int:pk>/restore/",
            self.admin_site.admin_view(self.restore_view),
            name="messaging_automaticmail_restore",
        )
        return [route, *super().get_urls()]

    @permission_required("messaging.delete_automaticmail")
    def restore_view(self, request, pk):
        custom = get_object_or_404(AutomaticMail, pk=pk)
        if request.method != "POST":
            return redirect(reverse("admin:messaging_automaticmail_change", args=[custom.pk]))
        edition = custom.edition
        record(
            request.user, "messaging.restore_mail", target=custom, edition=edition, key=custom.key
        )
        custom.delete()
        self.message_user(
            request,
            _("The default text of “%(mail)s” goes again.") % {"mail": custom},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:messaging_automaticmail_changelist"))
