"""The organisers' cockpit in the back-office: a dashboard per edition, the lists of needs
for the caterer, the venue and the interpreters, and the press page with its release."""

from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from rencontres.audit.log import record
from rencontres.core.exports import xlsx_response
from rencontres.core.pdf import pdf_response
from rencontres.core.permissions import ReadOnlyAdmin, permission_required
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for

from . import charts_data
from .domain import figures, needs, press
from .models import Dashboard, PressPage


def current_and_upcoming(user, today=None):
    """The user's editions not over yet, soonest first; drafts included (organisers prepare
    them)."""
    today = today or timezone.localdate()
    return (
        editions_for(user, "cockpit.view_dashboard")
        .filter(end_date__gte=today)
        .exclude(status=Edition.Status.ARCHIVED)
        .order_by("start_date")
    )


@admin.register(Dashboard)
class DashboardAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """No table behind it: its pages are the dashboards of the editions."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("cockpit.view_dashboard")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="cockpit_dashboard_changelist"),
            path("<int:edition_id>/", view(self.dashboard_view), name="cockpit_dashboard"),
            path(
                "<int:edition_id>/chart/<slug:name>.xlsx",
                view(self.chart_xlsx),
                name="cockpit_chart_xlsx",
            ),
            path("<int:edition_id>/needs/", view(self.needs_view), name="cockpit_needs"),
            path("<int:edition_id>/needs.pdf", view(self.needs_pdf), name="cockpit_needs_pdf"),
            path("<int:edition_id>/needs.xlsx", view(self.needs_xlsx), name="cockpit_needs_xlsx"),
            path("<int:edition_id>/press/", view(self.press_view), name="cockpit_press"),
        ]

    @permission_required("cockpit.view_dashboard")
    def changelist_view(self, request, extra_context=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dashboards"),
            "editions": editions_for(request.user, "cockpit.view_dashboard").order_by(
                "-start_date"
            ),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "cockpit/admin/editions.html", context)

    @permission_required("cockpit.view_dashboard")
    def dashboard_view(self, request, edition_id):
        edition = get_object_or_404(
            Edition.objects.select_related("venue", "registration_settings"), pk=edition_id
        )
        board = figures.dashboard(edition)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dashboard of the %(edition)s") % {"edition": edition},
            "edition": edition,
            "board": board,
            "charts": charts_data.charts(board),
            "opts": self.model._meta,
            "can_export_needs": request.user.has_perm("cockpit.export_needs"),
        }
        return TemplateResponse(request, "cockpit/admin/dashboard.html", context)

    @permission_required("cockpit.view_dashboard")
    def chart_xlsx(self, request, edition_id, name):
        edition = get_object_or_404(Edition, pk=edition_id)
        board = figures.dashboard(edition)
        table = charts_data.tables(board).get(name)
        if table is None:
            raise Http404
        title, header, rows = table
        with transaction.atomic():
            record(
                request.user, "cockpit.export_figures", target=edition, edition=edition, chart=name
            )
        return xlsx_response(f"{name}-{edition.number}", header, rows, title=str(title))

    def _needs_context(self, request, edition_id):
        edition = get_object_or_404(Edition.objects.select_related("venue"), pk=edition_id)
        per_day, per_session = needs.needs(edition)
        return {
            **self.admin_site.each_context(request),
            "title": _("Needs of the participants"),
            "edition": edition,
            "sections": [(_("Per day"), per_day), (_("Per session"), per_session)],
            "opts": self.model._meta,
        }

    @permission_required("cockpit.export_needs")
    def needs_view(self, request, edition_id):
        context = self._needs_context(request, edition_id)
        return TemplateResponse(request, "cockpit/admin/needs.html", context)

    @permission_required("cockpit.export_needs")
    def needs_pdf(self, request, edition_id):
        context = self._needs_context(request, edition_id)
        edition = context["edition"]
        with transaction.atomic():
            record(
                request.user, "cockpit.export_needs", target=edition, edition=edition, format="pdf"
            )
        return pdf_response(
            "cockpit/needs_pdf.html", context, f"needs-{edition.number}.pdf", request=request
        )

    @permission_required("cockpit.export_needs")
    def needs_xlsx(self, request, edition_id):
        context = self._needs_context(request, edition_id)
        edition = context["edition"]
        header = [
            _("Day or session"),
            _("Need"),
            _("Detail"),
            _("Name"),
            _("Organisation"),
        ]
        groups = [group for _heading, found in context["sections"] for group in found]
        rows = needs.table(groups)
        with transaction.atomic():
            record(
                request.user, "cockpit.export_needs", target=edition, edition=edition, format="xlsx"
            )
        return xlsx_response(f"needs-{edition.number}", header, rows, title=str(_("Needs")))

    @permission_required("cockpit.view_dashboard")
    def press_view(self, request, edition_id):
        """The edition's press page in the back-office, created on the first visit."""
        edition = get_object_or_404(Edition, pk=edition_id)
        page, _created = PressPage.objects.get_or_create(edition=edition)
        return redirect("admin:cockpit_presspage_change", page.pk)


@admin.register(PressPage)
class PressPageAdmin(TranslationAdmin):
    list_display = ["edition", "published", "release_published_at"]
    fields = ["edition", "published", "release_title", "release_text"]
    readonly_fields = ["edition"]
    change_form_template = "cockpit/admin/presspage_change_form.html"

    def has_add_permission(self, request):
        # Created from the edition's dashboard ("Press"), one per edition.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("cockpit.publish_press"):
            fields.append("published")
        return fields

    def save_model(self, request, obj, form, change):
        if "published" in form.changed_data:
            obj.published_at = timezone.now() if obj.published else None
            action = (
                "cockpit.publish_press_page" if obj.published else "cockpit.unpublish_press_page"
            )
            record(request.user, action, target=obj, edition=obj.edition)
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        extra = extra_context or {}
        if page is not None:
            computed, given = press.press_figures(page.edition, page)
            extra.update(
                figures=computed,
                given=given,
                headline=press.headline(computed),
                rule=press.RULE,
                can_publish=request.user.has_perm("cockpit.publish_press"),
            )
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/draft/", view(self.draft_view), name="cockpit_presspage_draft"),
            path(
                "<int:pk>/look-back/", view(self.look_back_view), name="cockpit_presspage_look_back"
            ),
            *super().get_urls(),
        ]

    @permission_required("cockpit.change_presspage")
    def draft_view(self, request, pk):
        """Fill the release in both languages from the figures and the program."""
        page = get_object_or_404(PressPage.objects.select_related("edition"), pk=pk)
        if request.method != "POST":
            return redirect("admin:cockpit_presspage_change", page.pk)
        for language in ("fr", "en"):
            title, text = press.draft_release(page.edition, language)
            setattr(page, f"release_title_{language}", title)
            setattr(page, f"release_text_{language}", text)
        page.save()
        self.message_user(
            request,
            _("The draft was written from the figures and the program: read it and edit it."),
            messages.SUCCESS,
        )
        return redirect("admin:cockpit_presspage_change", page.pk)

    @permission_required("cockpit.publish_press")
    def look_back_view(self, request, pk):
        """Publish the release as the edition's look-back (its archived pages show it)."""
        page = get_object_or_404(PressPage.objects.select_related("edition"), pk=pk)
        if request.method != "POST":
            return redirect("admin:cockpit_presspage_change", page.pk)
        if not (page.release_text_fr or page.release_text_en):
            self.message_user(
                request, _("Write the press release before publishing it."), messages.ERROR
            )
            return redirect("admin:cockpit_presspage_change", page.pk)
        edition = page.edition
        with transaction.atomic():
            edition.review_fr = page.release_text_fr
            edition.review_en = page.release_text_en
            edition.save(update_fields=["review_fr", "review_en", "modified"])
            page.release_published_at = timezone.now()
            page.save(update_fields=["release_published_at"])
            record(request.user, "cockpit.publish_look_back", target=page, edition=edition)
        self.message_user(
            request,
            _("The press release is now the look-back of the edition."),
            messages.SUCCESS,
        )
        return redirect(reverse("admin:cockpit_presspage_change", args=[page.pk]))
