"""The speaker's own pages, reached by the magic link the organisers send: profile, photo,
travel needs and documents for their sessions."""

import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencontres.core.uploads import serve_private
from rencontres.editions.shortcuts import get_edition_or_404

from .domain import speakers as domain
from .forms import SpeakerDocumentForm, SpeakerProfileForm
from .models import SpeakerDocument


def speaker_required(view):
    @functools.wraps(view)
    def wrapper(request, number, *args, **kwargs):
        speaker = domain.current_speaker(request, number)
        if speaker is None:
            edition = get_edition_or_404(request, number)
            return render(
                request, "program/speaker_link_dead.html", {"edition": edition}, status=403
            )
        request.speaker = speaker
        response = view(request, number, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def magic(request, token):
    speaker = domain.read_link(token)
    if speaker is None:
        return render(request, "program/speaker_link_dead.html", {"edition": None}, status=400)
    domain.open_space(request, speaker)
    return redirect("program:speaker_space", number=speaker.edition.number)


def _page(request, speaker, form, document_form, status=200):
    context = {
        "edition": speaker.edition,
        "speaker": speaker,
        "form": form,
        "document_form": document_form,
        "documents": speaker.documents.select_related("session"),
        "roles": speaker.session_roles.select_related("session").order_by("session__start"),
        "missing": domain.missing_fields(speaker),
    }
    return render(request, "program/speaker_space.html", context, status=status)


@speaker_required
def space(request, number):
    speaker = request.speaker
    form = SpeakerProfileForm(request.POST or None, request.FILES or None, instance=speaker)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, speaker, form, SpeakerDocumentForm(speaker=speaker), 400)
        form.save()
        messages.success(request, _("Thank you: your profile is saved."))
        return redirect("program:speaker_space", number=number)
    return _page(request, speaker, form, SpeakerDocumentForm(speaker=speaker))


@require_POST
@speaker_required
def upload_document(request, number):
    speaker = request.speaker
    form = SpeakerDocumentForm(request.POST, request.FILES, speaker=speaker)
    if not form.is_valid():
        return _page(request, speaker, SpeakerProfileForm(instance=speaker), form, 400)
    form.save()
    messages.success(request, _("Thank you: your document is received."))
    return redirect("program:speaker_space", number=number)


@speaker_required
def own_document(request, number, document_id):
    document = get_object_or_404(SpeakerDocument, pk=document_id, speaker=request.speaker)
    return serve_private(document.file, f"{document.title}.pdf")


def public_document(request, number, session_id, document_id):
    """A document on a session's page: only once the session has ended, and only if its
    speaker agreed."""
    edition = get_edition_or_404(request, number)
    document = get_object_or_404(
        SpeakerDocument.objects.select_related("session"),
        pk=document_id,
        session_id=session_id,
        session__edition=edition,
    )
    if not document.is_public:
        raise Http404
    return serve_private(document.file, f"{document.title}.pdf")
