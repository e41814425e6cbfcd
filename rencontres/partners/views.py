"""Public pages of the partners' area, the partner's space and the staff invitation.
Rules live in domain/."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencontres.audit.log import record
from rencontres.core.cache import cache_public_page
from rencontres.core.exports import export_filename, export_response
from rencontres.core.pdf import pdf_response
from rencontres.editions.shortcuts import get_edition_or_404
from rencontres.registration.models import Registration
from rencontres.registration.views import _limited, _questions

from . import access
from .domain import PartnerError, side_events, staff
from .domain import leads as lead_rules
from .forms import BadgeForm, DirectorySearchForm, ProfileForm, ProposalForm, StaffForm
from .models import Area, Lead, PartnerSpace, SideEvent, Stand


def _area_context(edition):
    """The area, its stands placed on the plan, and its exhibitors with their stands."""
    area = Area.objects.filter(edition=edition).first()
    stands = list(
        Stand.objects.filter(edition=edition).select_related("space__partner").order_by("number")
    )
    exhibitors = list(
        PartnerSpace.objects.filter(partner__edition=edition, is_exhibitor=True)
        .select_related("partner")
        .prefetch_related(Prefetch("stands", queryset=Stand.objects.order_by("number")))
        .order_by("partner__name")
    )
    if area and area.floor_plan and area.plan_width:
        for stand in stands:
            stand.plan_x = float(stand.x) * area.plan_width / 100
            stand.plan_y = float(stand.y) * area.plan_height / 100
    # The marker's size follows the plan's, so that it reads the same on any image.
    marker = max(area.plan_width, area.plan_height) / 40 if area and area.plan_width else 0
    return {
        "edition": edition,
        "area": area,
        "stands": stands,
        "exhibitors": exhibitors,
        "marker": marker,
        "section": "partners_area",
    }


@cache_public_page
def area(request, number):
    edition = get_edition_or_404(request, number)
    return render(request, "partners/area.html", _area_context(edition))


def plan_pdf(request, number):
    edition = get_edition_or_404(request, number)
    filename = export_filename(_("partners-area plan"), edition)
    return pdf_response("partners/pdf/plan.html", _area_context(edition), f"{filename}.pdf")


def magic(request, token):
    space = access.read_token(token)
    if space is None:
        return render(request, "partners/invalid_link.html", status=400)
    access.open_space(request, space)
    return redirect("partners:space", number=space.edition.number)


def no_access(request, number):
    edition = get_edition_or_404(request, number)
    return render(request, "partners/no_access.html", {"edition": edition}, status=403)


def _space_context(request, **extra):
    space = request.space
    return {"edition": space.edition, "space": space, "partner": space.partner, **extra}


@access.partner_required
def space(request, number):
    space = request.space
    context = _space_context(
        request,
        stands=space.stands.order_by("number"),
        staff=space.staff.select_related("registration").order_by("registration__last_name"),
        places_left=staff.places_left(space),
        side_events=space.side_events.select_related("session"),
        leads_count=lead_rules.leads_of(space).count() if space.is_exhibitor else 0,
        invite_url=request.build_absolute_uri(_staff_path(space)),
    )
    return render(request, "partners/space.html", context)


def _staff_path(space):
    return reverse(
        "partners:staff", kwargs={"number": space.edition.number, "code": space.staff_code}
    )


@access.partner_required
def edit(request, number):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.space)
    context = _space_context(request, form=form)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your details have been saved."))
            return redirect("partners:space", number=number)
        return render(request, "partners/edit.html", context, status=400)
    return render(request, "partners/edit.html", context)


@access.partner_required
def propose(request, number):
    form = ProposalForm(request.POST or None)
    context = _space_context(request, form=form, side_event=None)
    if request.method == "POST":
        if form.is_valid():
            side_events.propose(request.space, form.cleaned_data)
            messages.success(
                request, _("Your side event is sent. The organisers' answer comes by mail.")
            )
            return redirect("partners:space", number=number)
        return render(request, "partners/side_event.html", context, status=400)
    return render(request, "partners/side_event.html", context)


@access.partner_required
def revise(request, number, side_event_id):
    side_event = get_object_or_404(SideEvent, pk=side_event_id, space=request.space)
    form = ProposalForm(request.POST or None, instance=side_event)
    context = _space_context(request, form=form, side_event=side_event)
    if request.method == "POST" and side_event.editable:
        if form.is_valid():
            try:
                side_events.revise(side_event, form.cleaned_data)
            except PartnerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your side event is sent again to the organisers."))
                return redirect("partners:space", number=number)
        return render(request, "partners/side_event.html", context, status=400)
    return render(request, "partners/side_event.html", context)


def _exhibitor(request):
    if not request.space.is_exhibitor:
        raise Http404
    return request.space


@access.exhibitor_required
def leads(request, number):
    space = _exhibitor(request)
    badge_form = BadgeForm(request.POST if "badge" in request.POST else None)
    search = DirectorySearchForm(request.GET if "q" in request.GET else None)
    found = lead_rules.directory(space, search.cleaned_data["q"]) if search.is_valid() else []
    status = 200
    if request.method == "POST":
        try:
            if "badge" in request.POST:
                if not badge_form.is_valid():
                    raise PartnerError(_("Scan a badge or type its code."))
                visitor = lead_rules.visitor_from_badge(space, badge_form.cleaned_data["badge"])
            else:
                visitor = _picked(space, request.POST.get("registration"))
            lead, created = lead_rules.record_lead(space, visitor)
        except PartnerError as error:
            messages.error(request, str(error))
            status = 400
        else:
            name = lead.registration.full_name
            if created:
                messages.success(request, _("%(name)s is added to your leads.") % {"name": name})
            else:
                messages.info(request, _("%(name)s is already in your leads.") % {"name": name})
            return redirect("partners:leads", number=number)
    context = _space_context(
        request,
        badge_form=badge_form,
        search=search,
        found=found,
        leads=lead_rules.leads_of(space),
        fields=lead_rules.LEAD_FIELDS,
    )
    return render(request, "partners/leads.html", context, status=status)


def _picked(space, registration_id):
    """A person picked in the directory: only someone the directory shows."""
    try:
        pk = int(registration_id)
    except (TypeError, ValueError):
        raise PartnerError(_("Choose a person in the list.")) from None
    person = Registration.objects.filter(
        pk=pk,
        edition_id=space.edition.pk,
        status=Registration.Status.CONFIRMED,
        directory_consent=True,
    ).first()
    if person is None:
        raise PartnerError(_("Choose a person in the list."))
    return person


@access.exhibitor_required
def leads_xlsx(request, number):
    space = _exhibitor(request)
    rows = list(lead_rules.rows(space))
    record(None, "partners.export_leads", target=space, edition=space.edition, count=len(rows))
    header = [
        _("First name"), _("Last name"), _("Function"), _("Organisation"), _("E-mail"),
        _("Met on"),
    ]  # fmt: skip
    return export_response(
        "xlsx",
        export_filename(_("leads %(partner)s") % {"partner": space.partner.name}, space.edition),
        header,
        rows,
        title=_("Leads"),
        time_zone=space.edition.time_zone,
    )


@require_POST
@access.exhibitor_required
def remove_lead(request, number, lead_id):
    space = _exhibitor(request)
    lead = get_object_or_404(Lead, pk=lead_id, space=space)
    lead.delete()
    messages.success(
        request, _("%(name)s is removed from your leads.") % {"name": lead.registration.full_name}
    )
    return redirect("partners:leads", number=number)


@require_POST
def leave(request, number):
    request.session.pop(access.session_key(number), None)
    messages.info(request, _("You have left your partner's space."))
    return redirect("editions:detail", number=number)


def staff_register(request, number, code):
    edition = get_edition_or_404(request, number)
    space = staff.find_by_code(edition, code)
    if space is None:
        raise Http404
    form = StaffForm(
        request.POST or None,
        edition=edition,
        questions=_questions(edition),
        space=space,
        initial={"language": request.LANGUAGE_CODE[:2]},
    )
    context = {
        "edition": edition,
        "space": space,
        "partner": space.partner,
        "form": form,
        "places_left": staff.places_left(space),
    }
    if request.method != "POST":
        return render(request, "partners/staff.html", context)
    context["show_form"] = True
    if _limited(request, "partner-staff"):
        form.add_error(None, _("Too many attempts. Please wait a little and try again."))
        return render(request, "partners/staff.html", context, status=429)
    if form.data.get("website"):
        return render(request, "partners/staff_done.html", context)
    if not form.is_valid():
        return render(request, "partners/staff.html", context, status=400)
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    fields["answers"] = form.answers()
    try:
        registration = staff.register_staff(space, fields)
    except PartnerError as error:
        form.add_error(None, str(error))
        return render(request, "partners/staff.html", context, status=400)
    context["registration"] = registration
    return render(request, "partners/staff_done.html", context)
