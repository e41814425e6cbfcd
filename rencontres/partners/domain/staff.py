"""Staff places: a partner's staff register themselves with its code, within its places.

They go through the registration rules (`registering.register`: one live registration per
address, the edition's capacity and the waiting list's turn, the mails, the consequences
when the place ends) in the category of the partners' staff, which needs no approval. What
differs: the partner vouches for its staff, so the place is given at once, and a staff
member never waits: beyond the partner's places, or when the edition is full, the
registration is refused with a message and nothing is kept.

Lock order: the edition (as every registration), then the partner's space.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rencontres.registration.domain import RegistrationError, registering
from rencontres.registration.domain.places import lock_edition
from rencontres.registration.models import Category, Registration

from ..models import Area, PartnerSpace, PartnerStaff
from . import PartnerError


def staff_category(edition):
    """The area's category for partners' staff; the edition's "partner" category, created
    (without approval) when the organisers have not chosen one."""
    area, _created = Area.objects.get_or_create(edition=edition)
    if area.staff_category_id:
        return area.staff_category
    category = Category.objects.filter(edition=edition, code="partner").first()
    if category is None:
        category = Category.objects.create(
            edition=edition, code="partner", name_fr="Partenaire", name_en="Partner", order=99
        )
    area.staff_category = category
    area.save(update_fields=["staff_category"])
    return category


def places_used(space):
    return space.staff.exclude(registration__status__in=Registration.ENDED).count()


def places_left(space):
    return max(space.staff_places - places_used(space), 0)


def check_staff_places(space, places):
    """Refuse giving a partner fewer places than its staff already hold."""
    used = places_used(space) if space.pk else 0
    if places < used:
        raise PartnerError(
            ngettext(
                "%(used)d staff member is already registered: the places cannot go below "
                "%(used)d (asked: %(places)d).",
                "%(used)d staff members are already registered: the places cannot go below "
                "%(used)d (asked: %(places)d).",
                used,
            )
            % {"used": used, "places": places}
        )


def find_by_code(edition, code):
    return (
        PartnerSpace.objects.select_related("partner__edition")
        .filter(partner__edition=edition, staff_code=code)
        .first()
    )


def register_staff(space, data):
    """Register a staff member of `space` (data: the Registration fields but the category).
    Returns the registration, confirmed; raises PartnerError with the reason otherwise."""
    edition = space.edition
    if edition.end_date < timezone.localdate():
        raise PartnerError(_("This edition is over."))
    category = staff_category(edition)
    try:
        with transaction.atomic():
            lock_edition(edition.pk)
            space = PartnerSpace.objects.select_for_update().get(pk=space.pk)
            if registering.existing(edition, data["email"]) is not None:
                raise PartnerError(
                    _("%(email)s is already registered for this edition.")
                    % {"email": data["email"]}
                )
            if places_left(space) <= 0:
                raise PartnerError(_full_message(space))
            registration, _created = registering.register(
                edition, {**data, "category": category}, confirmed_by_organiser=True
            )
            if registration.status != Registration.Status.CONFIRMED:
                # Rolls back the registration and its mails: staff never wait.
                raise PartnerError(
                    _(
                        "The edition is full: no place can be given now. %(partner)s can "
                        "ask the organisers."
                    )
                    % {"partner": space.partner.name}
                )
            PartnerStaff.objects.create(space=space, registration=registration)
    except RegistrationError as error:
        raise PartnerError(str(error)) from error
    return registration


def _full_message(space):
    return ngettext(
        "%(partner)s has used its %(places)d staff place. Ask %(partner)s to request more "
        "from the organisers.",
        "%(partner)s has used all its %(places)d staff places. Ask %(partner)s to request "
        "more from the organisers.",
        space.staff_places,
    ) % {"partner": space.partner.name, "places": space.staff_places}
