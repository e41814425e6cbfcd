"""Applications to the label: sending, completing and withdrawing them until the call closes.

The applicant has no account: every mail carries a signed link (like the personal space of
registration) holding the application's id and a prefix of its access key. The link works
until the call closes for changes, and afterwards to read the application and the results.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from rencontres.comms.mail import queue_mail

from ..models import Application, Document, LabelCall

SALT = "rencontres.recognition.application"
KEY_PREFIX = 12
# Long enough to read the results months after the ceremony.
LINK_MAX_AGE = 60 * 60 * 24 * 400
MAX_DOCUMENTS = 10


class ApplicationError(Exception):
    """A refusal, with a message for the applicant in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def make_token(application):
    return signing.dumps([application.pk, application.access_key[:KEY_PREFIX]], salt=SALT)


def read_token(token):
    """The Application a link opens, or None (forged, expired, or its key changed)."""
    try:
        pk, key = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int):
        return None
    application = (
        Application.objects.select_related("call__edition__organiser").filter(pk=pk).first()
    )
    if application is None or application.access_key[:KEY_PREFIX] != key:
        return None
    return application


def follow_url(application):
    """Absolute link to the application's page, in the applicant's language."""
    with translation.override(application.language):
        path = reverse(
            "recognition:application",
            kwargs={"number": application.call.edition.number, "token": make_token(application)},
        )
    return settings.SITE_URL + path


def check_open(call):
    if call.state() != "open":
        if call.closes and call.state() == "closed":
            raise ApplicationError(
                _("Applications closed on %(date)s.")
                % {"date": formats.date_format(call.closes, "j F Y")}
            )
        raise ApplicationError(_("Applications are not open."))


def mail_applicant(application, template, **context):
    edition = application.call.edition
    return queue_mail(
        to=application.email,
        template=f"recognition/mail/{template}",
        context={
            "application": application,
            "call": application.call,
            "edition": edition,
            "follow_url": follow_url(application),
            **context,
        },
        language=application.language,
        edition=edition,
        reply_to=edition.contact_email,
    )


def _add_documents(application, files):
    if application.documents.count() + len(files) > MAX_DOCUMENTS:
        raise ApplicationError(
            _("An application holds at most %(count)d documents.") % {"count": MAX_DOCUMENTS}
        )
    for upload in files:
        Document.objects.create(application=application, file=upload, name=upload.name[:200])


def apply(call, fields, answers, files):
    """A new application from the public form (`files` already cleaned by clean_document);
    the applicant gets the confirmation mail with their link."""
    with transaction.atomic():
        call = LabelCall.objects.select_for_update().select_related("edition").get(pk=call.pk)
        check_open(call)
        application = Application.objects.create(call=call, answers=answers, **fields)
        _add_documents(application, files)
        mail_applicant(application, "received")
    return application


def update(application, fields, answers, files):
    """The applicant completes their application, while the call is open."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        check_open(application.call)
        if application.is_withdrawn:
            raise ApplicationError(_("This application has been withdrawn."))
        for name, value in fields.items():
            setattr(application, name, value)
        application.answers = answers
        application.save()
        _add_documents(application, files)
    return application


def remove_document(application, document_id):
    with transaction.atomic():
        check_open(application.call)
        document = application.documents.filter(pk=document_id).first()
        if document is not None:
            document.file.delete(save=False)
            document.delete()


def withdraw(application):
    """The applicant withdraws; the jury no longer sees the application."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        check_open(application.call)
        if application.is_withdrawn:
            return application
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status", "modified"])
        mail_applicant(application, "withdrawn")
    return application
