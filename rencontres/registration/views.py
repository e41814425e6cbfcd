"""Public registration pages and the personal space. Rules live in domain/."""

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from rencontres.core.cache import generation
from rencontres.core.pdf import pdf_response
from rencontres.editions.shortcuts import get_edition_or_404

from . import access, notify
from .domain import RegistrationError, invitations, links, registering, travel, visa
from .forms import (
    PERSON_FIELDS,
    InvitationForm,
    LostLinkForm,
    MemberFormSet,
    PersonForm,
    RegistrationForm,
    VisaForm,
    accompanying_formset,
    count_member_rows,
)
from .models import Question, VisaRequest
from .space import panels

DEFAULT_MEMBER_ROWS = 3


def _rate(name, default):
    # Settings first, then the environment (the benchmark raises the per-IP limit this way).
    return getattr(settings, name, None) or os.environ.get(name) or default


def _address_key(group, request):
    return (request.POST.get("email") or "").strip().lower()


def _limited(request, group):
    """Per address and per IP; True when this request goes over either limit."""
    by_address = is_ratelimited(
        request,
        group=f"{group}-address",
        key=_address_key,
        rate=_rate("REGISTRATION_RATE_PER_ADDRESS", "5/h"),
        increment=True,
    )
    by_ip = is_ratelimited(
        request,
        group=f"{group}-ip",
        key="ip",
        rate=_rate("REGISTRATION_RATE_PER_IP", "100/10m"),
        increment=True,
    )
    return by_address or by_ip


def _questions(edition):
    return list(
        Question.objects.filter(edition=edition).prefetch_related(
            Prefetch("choices", to_attr="choice_list")
        )
    )


def register(request, number):
    edition = get_edition_or_404(request, number)
    state = edition.registration_state()
    context = {"edition": edition, "section": "register", "state": state}
    if state != "open" and not request.user.is_staff:
        return render(request, "registration/register_closed.html", context)
    language = get_language()[:2]
    questions = _questions(edition)
    data = request.POST if request.method == "POST" else None
    group = request.GET.get("delegation") == "1" or "members-TOTAL_FORMS" in request.POST
    adding = data is not None and group and "add_member" in data
    if data is not None and group:
        # "Add a member" shows everything typed so far again, with one more empty row.
        data = count_member_rows(data, add=adding)
    form = RegistrationForm(
        data, edition=edition, questions=questions, initial={"language": language}
    )
    formset = None
    if group:
        formset = MemberFormSet(
            data,
            prefix="members",
            edition=edition,
            exclude_email=(request.POST.get("email") or "").strip().lower(),
            form_kwargs={"initial": {"language": language}},
        )
        formset.extra = DEFAULT_MEMBER_ROWS
    # The empty form is the same for every visitor: its fields are rendered once per
    # generation of public content (see core.cache), the CSRF token stays per visitor.
    context.update(form=form, formset=formset, group=group, cache_generation=generation())
    if data is None:
        return render(request, "registration/register.html", context)
    if adding:
        _quiet(form, formset)
        return render(request, "registration/register.html", context)
    if _limited(request, "register"):
        _quiet(form, formset)
        form.add_error(None, _("Too many attempts. Please wait a little and try again."))
        return render(request, "registration/register.html", context, status=429)
    if form.data.get("website"):
        return redirect("registration:sent", number=edition.number)
    valid = form.is_valid() & (formset is None or formset.is_valid())
    if not valid:
        return render(request, "registration/register.html", context, status=400)
    members = [f.cleaned_data for f in formset.forms if f.has_changed()] if formset else []
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    fields["answers"] = form.answers()
    try:
        registering.register(
            edition,
            fields,
            members=members,
            delegation_name=form.cleaned_data.get("delegation_name", ""),
        )
    except RegistrationError as error:
        form.add_error(None, str(error))
        return render(request, "registration/register.html", context, status=400)
    return redirect("registration:sent", number=edition.number)


def _quiet(form, formset):
    """Show bound forms without their errors (nothing was submitted for validation)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    if formset is not None:
        formset._errors = []
        formset._non_form_errors = formset.error_class()
        for member in formset.forms:
            member._errors = ErrorDict()


def sent(request, number):
    edition = get_edition_or_404(request, number)
    return render(request, "registration/sent.html", {"edition": edition, "section": "register"})


def confirm_email(request, token):
    registration, expired = notify.read_confirm_token(token)
    if registration is None:
        return render(request, "registration/invalid_link.html", status=400)
    context = {"registration": registration, "edition": registration.edition}
    if expired:
        return _confirm_link_expired(request, registration, context)
    if request.method != "POST":
        return render(request, "registration/confirm_email.html", context)
    registering.confirm_email(registration)
    access.open_space(request, registration)
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    return redirect("registration:space", number=registration.edition.number)


def _confirm_link_expired(request, registration, context):
    """An expired confirmation link offers a new one (sent to the registered address only)."""
    if request.method == "POST":
        if _limited(request, "confirm-again"):
            return render(request, "registration/confirm_expired.html", context, status=429)
        registering.send_a_way_in(registration)
        context["sent"] = True
    return render(request, "registration/confirm_expired.html", context)


def magic(request, token):
    registration = access.read_token(token)
    if registration is None:
        return dead_link(request, token)
    if registration.awaits_own_confirmation:
        # A member's space opens once they confirm their own address: one click here.
        context = {
            "registration": registration,
            "edition": registration.edition,
            "action": reverse(
                "registration:confirm_email", kwargs={"token": notify.confirm_token(registration)}
            ),
        }
        return render(request, "registration/confirm_email.html", context)
    access.open_space(request, registration)
    default = reverse("registration:space", kwargs={"number": registration.edition.number})
    return redirect(access.safe_next(request, default))


def dead_link(request, token):
    """The page of a personal link that opens nothing: why, and where to get a new one."""
    reason, edition = access.dead_link(token)
    context = {"reason": reason, "edition": edition}
    return render(request, "registration/invalid_link.html", context, status=400)


def lost_link(request, number):
    edition = get_edition_or_404(request, number)
    form = LostLinkForm(request.POST or None)
    context = {"edition": edition, "form": form, "section": "register"}
    if request.method == "POST":
        if _limited(request, "lost-link"):
            form.add_error(None, _("Too many attempts. Please wait a little and try again."))
            return render(request, "registration/lost_link.html", context, status=429)
        if not form.is_valid():
            return render(request, "registration/lost_link.html", context, status=400)
        found = registering.existing(edition, form.cleaned_data["email"], ended_too=True)
        if found is not None and not form.cleaned_data.get("website"):
            registering.send_a_way_in(found)
        # The same answer whether or not the address is registered: no one learns who is.
        context["done"] = True
    return render(request, "registration/lost_link.html", context)


@access.registration_required
def space(request, number):
    registration = request.registration
    edition = registration.edition
    context = {
        "edition": edition,
        "registration": registration,
        "panels": panels(),
        "answers": _answer_list(registration),
        "can_request_visa": visa.can_request(registration),
        "visa": VisaRequest.objects.filter(registration=registration).first(),
        "members": (
            registration.delegation.members.order_by("pk") if registration.is_coordinator else []
        ),
    }
    return render(request, "registration/space.html", context)


def _answer_list(registration):
    questions = _questions(registration.edition)
    result = []
    for question in questions:
        value = registration.answers.get(str(question.pk))
        if value in (None, "", []):
            continue
        choices = {str(c.pk): c.label for c in question.choice_list}
        if question.kind == Question.Kind.SINGLE:
            value = choices.get(str(value), "")
        elif question.kind == Question.Kind.MULTIPLE:
            value = ", ".join(choices.get(str(v), "") for v in value)
        elif question.kind == Question.Kind.YES_NO:
            value = _("Yes") if value == "yes" else _("No")
        result.append((question.label, value))
    return result


class EditForm(PersonForm):
    class Meta(PersonForm.Meta):
        # Consents are given and withdrawn on the personal data page (privacy app), recorded.
        fields = [f for f in PERSON_FIELDS if f != "email"] + ["arrival_date", "departure_date"]
        widgets = {
            **PersonForm.Meta.widgets,
            "arrival_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "departure_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            **PersonForm.Meta.help_texts,
            "arrival_date": gettext_lazy("Optional: it helps the organisers plan the welcome."),
        }

    def clean(self):
        data = super().clean()
        travel.check_dates(self, data, self.instance.edition, "arrival_date", "departure_date")
        return data


@access.registration_required
def edit(request, number):
    # An ended registration never gets here (access.registration_required).
    registration = request.registration
    form = EditForm(
        request.POST or None,
        instance=registration,
        edition=registration.edition,
        questions=_questions(registration.edition),
    )
    context = {"edition": registration.edition, "registration": registration, "form": form}
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your registration has been updated."))
            return redirect("registration:space", number=number)
        return render(request, "registration/edit.html", context, status=400)
    return render(request, "registration/edit.html", context)


@access.registration_required
def cancel(request, number):
    registration = request.registration
    if request.method == "POST":
        registering.cancel(registration)
        messages.success(request, _("Your registration has been cancelled. A mail confirms it."))
        return redirect("registration:space", number=number)
    return render(
        request,
        "registration/cancel.html",
        {"edition": registration.edition, "registration": registration},
    )


@access.registration_required
def confirmation_pdf(request, number):
    registration = request.registration
    if not registration.is_confirmed:
        raise Http404
    return pdf_response(
        "registration/pdf/confirmation.html",
        {"registration": registration, "edition": registration.edition},
        f"confirmation-{registration.reference}.pdf",
        request=request,
    )


@access.registration_required
def delegation(request, number):
    registration = request.registration
    if not registration.is_coordinator or not registration.is_active:
        raise Http404
    group = registration.delegation
    data = count_member_rows(request.POST) if request.method == "POST" else None
    formset = MemberFormSet(data, prefix="members", edition=registration.edition)
    formset.extra = 1
    if request.method == "POST" and formset.is_valid():
        try:
            for form in formset.forms:
                if form.has_changed():
                    registering.add_member(group, form.cleaned_data)
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The delegation has been updated."))
            return redirect("registration:delegation", number=number)
    context = {
        "edition": registration.edition,
        "registration": registration,
        "delegation": group,
        "members": group.members.select_related("category").order_by("pk"),
        "formset": formset,
    }
    return render(request, "registration/delegation.html", context)


@require_POST
@access.registration_required
def remove_member(request, number, member_id):
    registration = request.registration
    if not registration.is_coordinator:
        raise Http404
    member = get_object_or_404(registration.delegation.members, pk=member_id)
    try:
        registering.remove_member(registration.delegation, member)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s is no longer in the delegation.") % {"name": member.full_name}
        )
    return redirect("registration:delegation", number=number)


@access.registration_required
def visa_request(request, number):
    registration = request.registration
    if not visa.can_request(registration):
        raise Http404
    instance = VisaRequest.objects.filter(registration=registration).first()
    form = VisaForm(
        request.POST or None,
        instance=instance,
        edition=registration.edition,
        initial={
            "name_in_passport": registration.full_name,
            "nationality": registration.country,
            "letter_language": registration.language,
        },
    )
    context = {"edition": registration.edition, "registration": registration, "form": form}
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            visa.request_letter(registration, fields)
            messages.success(
                request,
                _(
                    "Your request has been sent. You will receive a mail once an organiser has validated it."
                ),
            )
            return redirect("registration:space", number=number)
        return render(request, "registration/visa.html", context, status=400)
    return render(request, "registration/visa.html", context)


@access.registration_required
def visa_letter(request, number):
    registration = request.registration
    letter = VisaRequest.objects.filter(
        registration=registration, status=VisaRequest.Status.VALIDATED
    ).first()
    if letter is None or not registration.is_active:
        raise Http404
    return visa_letter_response(letter, request)


def visa_letter_response(letter, request=None):
    from django.utils import translation

    with translation.override(letter.letter_language):
        return pdf_response(
            "registration/pdf/visa_letter.html",
            {
                "visa": letter,
                "registration": letter.registration,
                "edition": letter.registration.edition,
                "organiser": letter.registration.edition.organiser,
                "signatory": _signatory(letter.registration.edition),
            },
            f"visa-letter-{letter.registration.reference}.pdf",
        )


def _signatory(edition):
    from .models import RegistrationSettings

    options = RegistrationSettings.objects.filter(edition=edition).first()
    return options.letter_signatory if options else ""


@require_POST
@access.registration_required
def sign_out_everywhere(request, number):
    """The participant revokes every link, calendar feed and session they have."""
    links.revoke_links(request.registration)
    messages.success(
        request,
        _(
            "You are signed out of every device: your earlier links and your calendar feed no "
            "longer work. Ask for a new link here when you need one."
        ),
    )
    return redirect("registration:lost_link", number=number)


@require_POST
def leave(request, number):
    """Forget this browser's access to the space (on a shared computer)."""
    request.session.pop(access.session_key(number), None)
    messages.info(request, _("You have left your personal space."))
    return redirect("editions:detail", number=number)


def invitation(request, token):
    """A guest's invitation: the pre-filled form to accept it, or a button to decline it.
    A link that was changed, already answered or is past its edition gives a page saying
    so, never an error."""
    found = invitations.read_token(token)
    if found is None:
        return render(request, "registration/invitation_closed.html", {}, status=400)
    try:
        invitations.check_open(found)
    except invitations.InvitationClosed as error:
        return _invitation_closed(request, found, error)
    invitations.opened(found)
    edition = found.edition
    data = request.POST if request.method == "POST" else None
    form = InvitationForm(data, invitation=found, questions=_questions(edition))
    formset = None
    if found.accompanying_allowed:
        formset = accompanying_formset(found)(
            data, prefix="members", edition=edition, exclude_email=found.email
        )
    context = {"invitation": found, "edition": edition, "form": form, "formset": formset}
    if data is None:
        return render(request, "registration/invitation.html", context)
    try:
        if "decline" in data:
            invitations.decline(found)
            return redirect("registration:invitation", token=token)
        if not (form.is_valid() & (formset is None or formset.is_valid())):
            return render(request, "registration/invitation.html", context, status=400)
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        fields["answers"] = form.answers()
        members = [f.cleaned_data for f in formset.forms if f.has_changed()] if formset else []
        registration = invitations.accept(found, fields, members=members)
    except invitations.InvitationClosed as error:
        return _invitation_closed(request, found, error)
    except RegistrationError as error:
        form.add_error(None, str(error))
        return render(request, "registration/invitation.html", context, status=400)
    access.open_space(request, registration)
    messages.success(request, _("Thank you: you have accepted the invitation."))
    return redirect("registration:space", number=edition.number)


def _invitation_closed(request, invitation, error):
    context = {"invitation": invitation, "edition": invitation.edition, "message": str(error)}
    return render(request, "registration/invitation_closed.html", context)
