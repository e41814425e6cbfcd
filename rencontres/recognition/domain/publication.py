"""Laureates and mentions: the organisers' choice, publication (public pages, mails in each
applicant's language), certificates, and the link from the ceremony session."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.core.pdf import render_pdf

from ..models import Application, LabelCall
from .applications import mail_applicant


class PublicationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def set_awards(call, awards, actor):
    """`awards`: {application pk: "" | "laureate" | "mention"}; recorded when it changes."""
    with transaction.atomic():
        call = LabelCall.objects.select_for_update().get(pk=call.pk)
        if call.published_at:
            raise PublicationError(_("The results are published: they can no longer change."))
        valid = set(Application.Award.values)
        for application in call.applications.filter(status=Application.Status.SUBMITTED):
            award = awards.get(application.pk, application.award)
            if award not in valid or award == application.award:
                continue
            application.award = award
            application.save(update_fields=["award", "modified"])
            record(
                actor,
                "recognition.award",
                target=application,
                edition=call.edition,
                award=award or "none",
            )


def publish(call, actor):
    """Make the results public and tell every applicant, in their language."""
    with transaction.atomic():
        call = LabelCall.objects.select_for_update().select_related("edition").get(pk=call.pk)
        if call.published_at:
            raise PublicationError(_("The results are already published."))
        applications = list(call.applications.filter(status=Application.Status.SUBMITTED))
        if not any(a.award == Application.Award.LAUREATE for a in applications):
            raise PublicationError(_("Choose at least one laureate before publishing."))
        call.published_at = timezone.now()
        call.save(update_fields=["published_at"])
        for application in applications:
            application.call = call
            mail_applicant(application, "results")
        record(
            actor,
            "recognition.publish",
            target=call,
            edition=call.edition,
            laureates=sum(a.award == Application.Award.LAUREATE for a in applications),
            mentions=sum(a.award == Application.Award.MENTION for a in applications),
        )
    return call


def distinguished(call):
    """(laureates, mentions) once published, else two empty lists."""
    if call is None or not call.published_at:
        return [], []
    applications = list(call.applications.filter(status=Application.Status.SUBMITTED))
    return (
        [a for a in applications if a.award == Application.Award.LAUREATE],
        [a for a in applications if a.award == Application.Award.MENTION],
    )


def certificate_pdf(application):
    """The laureate's (or mention's) certificate in the applicant's language, or None."""
    call = application.call
    if not call.published_at or not application.award or application.is_withdrawn:
        return None
    edition = call.edition
    with translation.override(application.language):
        return render_pdf(
            "recognition/pdf/certificate.html",
            {
                "application": application,
                "call": call,
                "edition": edition,
                "organiser": edition.organiser,
                "issued_on": timezone.localdate(call.published_at),
            },
        )


def ceremony_links(session):
    """On the label award session's page: a link to the laureates, once published."""
    if session.kind not in ("award", "ceremony"):
        return []
    call = LabelCall.objects.filter(edition_id=session.edition_id).select_related("edition").first()
    if call is None or not call.published_at:
        return []
    url = reverse("recognition:label", kwargs={"number": call.edition.number})
    return [(_("Laureates of the label"), f"{url}#laureates")]
