from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt

from rencontres.editions.models import Edition

from .domain import send


@csrf_exempt  # RFC 8058: mail clients POST here without a form; the signed token is the proof.
def unsubscribe(request, token):
    """Stop information messages of one edition for one address: a button on the page, or
    one click in the mail client (List-Unsubscribe-Post). Opening the link changes nothing,
    so that a mail scanner following it does not unsubscribe anyone."""
    found = send.read_unsubscribe_token(token)
    if found is None:
        return render(request, "messaging/unsubscribe.html", {"invalid": True}, status=404)
    edition = get_object_or_404(Edition, pk=found[0])
    done = request.method == "POST"
    if done:
        send.unsubscribe(*found)
    return render(
        request, "messaging/unsubscribe.html", {"edition": edition, "done": done, "email": found[1]}
    )
