from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from rencontres.core.cache import cache_public_page
from rencontres.core.uploads import serve_private
from rencontres.editions.models import partners_by_role
from rencontres.editions.shortcuts import get_edition_or_404

from .domain import applications as domain
from .domain.honours import delegation_in_directory
from .domain.publication import certificate_pdf, distinguished
from .forms import ApplicationForm
from .models import LabelCall


def _call(edition):
    return (
        LabelCall.objects.filter(edition=edition).prefetch_related("criteria", "questions").first()
    )


@cache_public_page
def label(request, number):
    """The edition's label (call, laureates and mentions) and its other honours."""
    edition = get_edition_or_404(request, number)
    call = _call(edition)
    laureates, mentions = distinguished(call)
    context = {
        "edition": edition,
        "call": call,
        "state": call.state() if call else None,
        "laureates": laureates,
        "mentions": mentions,
        "acknowledgements": edition.acknowledgements.prefetch_related("authorities").select_related(
            "session"
        ),
    }
    return render(request, "recognition/label.html", context)


def apply(request, number):
    edition = get_edition_or_404(request, number)
    call = _call(edition)
    if call is None:
        raise Http404
    context = {"edition": edition, "call": call, "state": call.state()}
    if request.method != "POST":
        if call.state() != "open":
            return render(request, "recognition/apply.html", context)
        form = ApplicationForm(call=call)
    else:
        # A late sending keeps what was typed, with the reason on top.
        form = ApplicationForm(request.POST, request.FILES, call=call)
        limited = is_ratelimited(
            request,
            group="label-apply",
            key="ip",
            rate=getattr(settings, "LABEL_RATE_PER_IP", "20/h"),
            increment=True,
        )
        if limited:
            form.add_error(None, _("Too many applications from this connection: try again later."))
        elif form.is_valid():
            try:
                application = domain.apply(
                    call, form.application_fields(), form.answers(), form.cleaned_data["documents"]
                )
            except domain.ApplicationError as error:
                form.add_error(None, error.message)
            else:
                context["application"] = application
                return render(request, "recognition/sent.html", context)
        else:
            try:
                domain.check_open(call)
            except domain.ApplicationError as error:
                form.add_error(None, error.message)
    return render(
        request,
        "recognition/apply.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


def _opened(number, token):
    application = domain.read_token(token)
    if application is None or application.call.edition.number != number:
        return None
    return application


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def application(request, number, token):
    """The applicant's page (from their mails): follow, complete or withdraw."""
    found = _opened(number, token)
    if found is None:
        return _no_store(
            render(
                request,
                "recognition/invalid_link.html",
                {"edition": get_edition_or_404(request, number)},
                status=404,
            )
        )
    call, edition = found.call, found.call.edition
    editable = call.state() == "open" and not found.is_withdrawn
    form = None
    if editable:
        form = ApplicationForm(
            request.POST or None, request.FILES or None, call=call, instance=found
        )
    if request.method == "POST" and editable:
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                domain.withdraw(found)
                messages.success(request, _("Your application has been withdrawn."))
                return redirect(request.path)
            if action == "remove":
                domain.remove_document(found, request.POST.get("document"))
                messages.success(request, _("The document has been removed."))
                return redirect(request.path)
            if form.is_valid():
                domain.update(
                    found, form.application_fields(), form.answers(), form.cleaned_data["documents"]
                )
                messages.success(request, _("Your application has been saved."))
                return redirect(request.path)
        except domain.ApplicationError as error:
            form.add_error(None, error.message)
    elif request.method == "POST":
        messages.error(request, _("This application can no longer be changed."))
        return redirect(request.path)
    found.refresh_from_db()
    return _no_store(
        render(
            request,
            "recognition/application.html",
            {
                "edition": edition,
                "call": call,
                "application": found,
                "form": form,
                "token": token,
                "state": call.state(),
                "certificate": bool(call.published_at and found.award and not found.is_withdrawn),
            },
            status=400 if form is not None and form.errors else 200,
        )
    )


def application_document(request, number, token, document_id):
    found = _opened(number, token)
    if found is None:
        raise Http404
    document = get_object_or_404(found.documents, pk=document_id)
    return serve_private(document.file, document.name)


def application_certificate(request, number, token):
    found = _opened(number, token)
    pdf = certificate_pdf(found) if found else None
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="label-{found.reference}.pdf"'
    return _no_store(response)


@cache_public_page
def country(request, number):
    """The honoured country's page."""
    edition = get_edition_or_404(request, number)
    if not edition.honoured_country:
        raise Http404
    page = getattr(edition, "honoured_country_page", None)
    partners = list(page.partners.all()) if page else []
    context = {
        "edition": edition,
        "page": page,
        "plenary": page.plenary if page and page.plenary_id else None,
        "participants": delegation_in_directory(edition).select_related("delegation"),
        "partner_groups": partners_by_role(partners),
    }
    return render(request, "recognition/country.html", context)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A new jury member chooses their password from the invitation mail."""

    success_url = reverse_lazy("recognition:password_set")


class PasswordSetView(auth_views.PasswordResetCompleteView):
    pass
