"""Consents: given or withdrawn through `set_consent`, the one function that also makes the
change true everywhere at once, and recorded with the version of the text agreed to.

Where each consent is read: `Registration.image_consent` (registration exports, the
photographers' list), `directory_consent` and the B2B profile's `opted_in` (directory, photo
served to others), `exhibitor_consent` (partners' lead retrieval), the messaging app's
`Unsubscription` (information messages). `data_consent` is the condition of registering: it
is withdrawn by asking for erasure.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencontres.messaging.models import Unsubscription
from rencontres.networking.models import Profile
from rencontres.registration.models import Registration

from ..models import Consent, ConsentRecord, ConsentText
from . import PrivacyError

FIELDS = {
    Consent.DATA: "data_consent",
    Consent.IMAGE: "image_consent",
    Consent.DIRECTORY: "directory_consent",
    Consent.EXHIBITOR: "exhibitor_consent",
}

# Version 1 of each text: the wording of the registration form.
DEFAULT_TEXTS = {
    Consent.DATA: gettext_lazy(
        "I agree that the organiser processes my personal data to organise the meeting."
    ),
    Consent.IMAGE: gettext_lazy("I agree to appear in photos and videos of the meeting."),
    Consent.DIRECTORY: gettext_lazy(
        "I agree to appear in the participants' directory (name, function, organisation, country)."
    ),
    Consent.EXHIBITOR: gettext_lazy(
        "I agree that exhibitors who scan my badge receive my name, function, organisation "
        "and e-mail address."
    ),
    Consent.INFORMATION: gettext_lazy(
        "I agree to receive the organiser's information mails about this edition."
    ),
}


def current_texts():
    """{kind: the latest ConsentText}, creating version 1 of a text never written yet."""
    texts = {}
    for text in ConsentText.objects.order_by("kind", "-version"):
        texts.setdefault(text.kind, text)
    for kind in Consent.values:
        if kind not in texts:
            wording = {}
            for language in ("fr", "en"):
                with translation.override(language):
                    wording[f"text_{language}"] = str(DEFAULT_TEXTS[kind])
            texts[kind], _created = ConsentText.objects.get_or_create(
                kind=kind, version=1, defaults=wording
            )
    return texts


def next_version(kind):
    """The number of a new wording of `kind`: asked from now on, while what was agreed before
    keeps its own version."""
    return current_texts()[kind].version + 1  # version 1 is the default wording


def is_given(registration, kind):
    if kind == Consent.INFORMATION:
        return not Unsubscription.objects.filter(
            edition_id=registration.edition_id, email=registration.email.lower()
        ).exists()
    return getattr(registration, FIELDS[kind])


def states(registration):
    """[(kind, label, current text, given, last change or None)] for the personal space."""
    texts = current_texts()
    last = {}
    for record in registration.consent_records.order_by("at", "pk"):
        last[record.kind] = record
    return [
        {
            "kind": kind,
            "label": label,
            "text": texts[kind].text,
            "given": is_given(registration, kind),
            "changed": last.get(kind),
            "withdrawable": kind != Consent.DATA,
        }
        for kind, label in Consent.choices
    ]


@transaction.atomic
def set_consent(registration, kind, given, *, source=ConsentRecord.Source.PERSONAL_SPACE):
    """Give or withdraw a consent: recorded with its text, in effect everywhere at once."""
    if kind not in Consent.values:
        raise PrivacyError(_("Unknown consent."))
    if kind == Consent.DATA and not given:
        raise PrivacyError(
            _(
                "Processing your data is what registering needs: to withdraw it, cancel your "
                "registration or ask for your data to be erased."
            )
        )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if is_given(registration, kind) == given:
        return registration
    ConsentRecord.objects.create(
        registration=registration,
        kind=kind,
        given=given,
        text=current_texts()[kind],
        source=source,
    )
    if kind in FIELDS:
        setattr(registration, FIELDS[kind], given)
        registration.save(update_fields=[FIELDS[kind], "modified"])
    if kind == Consent.DIRECTORY:
        # Out of the B2B directory (and their photo no longer served to others) at once.
        Profile.objects.filter(registration=registration).update(opted_in=given)
    if kind == Consent.INFORMATION:
        unsubscribed = Unsubscription.objects.filter(
            edition_id=registration.edition_id, email=registration.email.lower()
        )
        if given:
            unsubscribed.delete()
        else:
            Unsubscription.objects.get_or_create(
                edition_id=registration.edition_id, email=registration.email.lower()
            )
    return registration


def record_initial_consents(sender, instance, created, raw=False, **kwargs):
    """post_save of Registration: the consents given on registering, with today's texts."""
    if not created or raw:
        return
    texts = current_texts()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            registration=instance,
            kind=kind,
            given=bool(getattr(instance, field)),
            text=texts[kind],
            source=ConsentRecord.Source.REGISTRATION,
        )
        for kind, field in FIELDS.items()
    )


def record_unsubscription(sender, instance, created, raw=False, **kwargs):
    """post_save of Unsubscription: the mail's unsubscribe link withdraws the consent to
    information mails (already recorded when it came from `set_consent`)."""
    if not created or raw:
        return
    texts = current_texts()
    for registration in Registration.objects.filter(
        edition_id=instance.edition_id, email__iexact=instance.email
    ):
        last = registration.consent_records.filter(kind=Consent.INFORMATION).first()
        if last is None or last.given:
            ConsentRecord.objects.create(
                registration=registration,
                kind=Consent.INFORMATION,
                given=False,
                text=texts[Consent.INFORMATION],
                source=ConsentRecord.Source.UNSUBSCRIBE_LINK,
            )
