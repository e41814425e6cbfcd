"""Back-office of the label (call, applications, jury, ranking, publication), the honoured
country and the acknowledgements. Jury members reach their pages from "Évaluations"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rencontres.audit.log import record
from rencontres.core.permissions import ReadOnlyAdmin, has_permission, permission_required
from rencontres.core.uploads import serve_private

from .domain import jury as jury_domain
from .domain import publication
from .domain.honours import HONOURED_PRIORITY, give_b2b_priority
from .forms import ConflictsForm, InviteJurorForm, ScoreForm
from .models import (
    Acknowledgement,
    Application,
    CallQuestion,
    Criterion,
    Document,
    HonouredCountry,
    Juror,
    LabelCall,
    Review,
    ThankedAuthority,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class CallQuestionInline(admin.TabularInline):
    model = CallQuestion
    extra = 0


@admin.register(LabelCall)
class LabelCallAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "opens", "closes", "published_at", "links"]
    list_filter = ["edition"]
    readonly_fields = ["published_at"]
    inlines = [CriterionInline, CallQuestionInline]

    @admin.display(description=_("jury"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:recognition_ranking", args=[obj.pk]),
            _("Ranking"),
            reverse("admin:recognition_invite", args=[obj.pk]),
            _("Invite a jury member"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/ranking/", view(self.ranking_view), name="recognition_ranking"),
            path("<int:pk>/invite/", view(self.invite_view), name="recognition_invite"),
        ] + super().get_urls()

    def _context(self, request, call, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "call": call,
            "opts": self.model._meta,
        }

    @permission_required("recognition.rank_applications")
    def ranking_view(self, request, pk):
        """The ranking for deliberation; choosing laureates and publishing need award_label."""
        call = get_object_or_404(LabelCall.objects.select_related("edition"), pk=pk)
        if request.method == "POST":
            if not request.user.has_perm("recognition.award_label"):
                raise PermissionDenied
            try:
                if "publish" in request.POST:
                    publication.publish(call, request.user)
                    messages.success(
                        request, _("The results are published; every applicant is told by mail.")
                    )
                else:
                    awards = {
                        application.pk: request.POST.get(
                            f"award_{application.pk}", application.award
                        )
                        for application in call.applications.all()
                    }
                    publication.set_awards(call, awards, request.user)
                    messages.success(request, _("The distinctions are saved."))
            except publication.PublicationError as error:
                messages.error(request, error.message)
            return redirect(request.path)
        rows, unfinished = jury_domain.ranking(call)
        context = {
            **self._context(request, call, _("Ranking — %(call)s") % {"call": call}),
            "rows": rows,
            "unfinished": unfinished,
            "jurors": call.jurors.select_related("user"),
            "awards": Application.Award.choices,
            "can_award": request.user.has_perm("recognition.award_label"),
        }
        return TemplateResponse(request, "admin/recognition/ranking.html", context)

    @permission_required("recognition.invite_jury")
    def invite_view(self, request, pk):
        call = get_object_or_404(LabelCall.objects.select_related("edition"), pk=pk)
        form = InviteJurorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                juror = jury_domain.invite(call, request.user, **form.cleaned_data)
            except jury_domain.JuryError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s is invited: a mail with their link has been sent.")
                    % {"name": juror},
                )
                return redirect("admin:recognition_ranking", pk=call.pk)
        context = {
            **self._context(request, call, _("Invite a jury member — %(call)s") % {"call": call}),
            "form": form,
        }
        return TemplateResponse(request, "admin/recognition/invite.html", context)


class DocumentInline(admin.TabularInline):
    """Documents are the applicant's: organisers only download them (the link is checked)."""

    model = Document
    fields = ["link", "uploaded"]
    readonly_fields = ["link", "uploaded"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:recognition_document", args=[obj.pk]), obj.name
        )


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "application_reference",
        "authority",
        "country",
        "project_title",
        "status",
        "award",
    ]
    list_filter = ["call__edition", "status", "award", "country"]
    list_select_related = ["call__edition"]
    search_fields = ["authority", "project_title", "contact_name", "email"]
    inlines = [DocumentInline]
    readonly_fields = ["answers_list"]
    exclude = ["answers"]

    @admin.display(description=_("reference"), ordering="pk")
    def application_reference(self, application):
        return application.reference

    @admin.display(description=_("answers"))
    def answers_list(self, obj):
        return format_html_join(
            "", "<p><strong>{}</strong><br>{}</p>", ((q.text, a) for q, a in obj.answer_list())
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "document/<int:document_id>/",
                view(self.document_view),
                name="recognition_document",
            ),
        ] + super().get_urls()

    @permission_required("recognition.download_documents")
    def document_view(self, request, document_id):
        document = get_object_or_404(
            Document.objects.select_related("application__call"), pk=document_id
        )
        record(
            request.user,
            "recognition.download_document",
            target=document.application,
            edition=document.application.call.edition,
            document=document.name,
        )
        return serve_private(document.file, document.name)


@admin.register(Juror)
class JurorAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "call", "authority", "country", "conflicts_declared_at"]
    list_filter = ["call__edition"]
    # Deleting a juror is allowed: their reviews go with them.
    has_delete_permission = has_permission("recognition.delete_juror")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Jury members' pages: their calls, conflicts of interest, scoring. "Évaluations" in the
    menu opens them."""

    def has_module_permission(self, request):
        return request.user.has_perm("recognition.score_application")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("recognition.score_application")

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect("admin:recognition_jury")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("jury/", view(self.jury_view), name="recognition_jury"),
            path("jury/<int:application_id>/", view(self.score_view), name="recognition_score"),
            path(
                "jury/document/<int:document_id>/",
                view(self.document_view),
                name="recognition_jury_document",
            ),
        ] + super().get_urls()

    @permission_required("recognition.score_application")
    def jury_view(self, request):
        """The juror's calls: declare conflicts, then the applications to score."""
        calls = []
        for juror in jury_domain.juror_calls(request.user):
            form = ConflictsForm(
                request.POST if request.POST.get("juror") == str(juror.pk) else None,
                applications=jury_domain.declarable(juror),
                initial={"conflicts": juror.conflicts.all()},
                prefix=f"j{juror.pk}",
            )
            if form.is_bound and form.is_valid():
                jury_domain.declare_conflicts(juror, form.cleaned_data["conflicts"])
                messages.success(request, _("Your declaration of conflicts of interest is saved."))
                return redirect(request.path)
            reviews = jury_domain.reviews_of(juror)
            applications = [(a, reviews.get(a.pk)) for a in jury_domain.eligible(juror)]
            calls.append((juror, form, applications))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Jury of the label"),
            "calls": calls,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/recognition/jury.html", context)

    def _not_juror(self, request):
        messages.error(request, _("You are not a member of this call's jury."))
        return redirect("admin:recognition_jury")

    @permission_required("recognition.score_application")
    def score_view(self, request, application_id):
        application = get_object_or_404(
            Application.objects.select_related("call__edition"), pk=application_id
        )
        juror = jury_domain.find_juror(request.user, application)
        if juror is None:
            return self._not_juror(request)
        criteria = list(application.call.criteria.all())
        review = Review.objects.filter(juror=juror, application=application).first()
        initial = {}
        if review:
            initial = {f"c_{s.criterion_id}": s.value for s in review.scores.all()}
            initial["comment"] = review.comment
        form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
        hidden = jury_domain.is_hidden(juror, application)
        if request.method == "POST" and form.is_valid():
            try:
                jury_domain.score(juror, application, form.values(), form.cleaned_data["comment"])
            except jury_domain.JuryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("admin:recognition_jury")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Score %(reference)s") % {"reference": application.reference},
            # A conflicted juror sees nothing of the application, only the refusal.
            "application": None if hidden else application,
            "refusal": jury_domain.CONFLICT_MESSAGE if hidden and not form.errors else "",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/recognition/score.html", context, status=403 if hidden else 200
        )

    @permission_required("recognition.score_application")
    def document_view(self, request, document_id):
        document = get_object_or_404(
            Document.objects.select_related("application__call"), pk=document_id
        )
        juror = jury_domain.find_juror(request.user, document.application)
        if juror is None:
            return self._not_juror(request)
        if jury_domain.is_hidden(juror, document.application):
            raise Http404
        return serve_private(document.file, document.name)


class ThankedAuthorityInline(admin.TabularInline):
    model = ThankedAuthority
    extra = 0


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "session"]
    list_filter = ["edition"]
    inlines = [ThankedAuthorityInline]


@admin.register(HonouredCountry)
class HonouredCountryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plenary"]
    filter_horizontal = ["partners"]
    actions = ["give_priority"]

    has_give_b2b_priority_permission = has_permission("recognition.give_b2b_priority")

    @admin.action(
        description=_("Give the honoured country's delegations a B2B priority"),
        permissions=["give_b2b_priority"],
    )
    def give_priority(self, request, queryset):
        for page in queryset.select_related("edition"):
            count = give_b2b_priority(page.edition, request.user)
            self.message_user(
                request,
                ngettext(
                    "%(edition)s: %(count)d B2B request now has priority %(priority)d.",
                    "%(edition)s: %(count)d B2B requests now have priority %(priority)d.",
                    count,
                )
                % {"edition": page.edition, "count": count, "priority": HONOURED_PRIORITY},
            )
