"""The REST API, version 1, under /api/v1/ (django-ninja: see the README for why).

Public endpoints (no token) read what the public site shows. The others need an organiser's
token (`Authorization: Bearer rct_…`) with the right permission, and see only that
organiser's editions: another organiser's edition is "not found", as an unknown one.
Writes go through the same domain functions as the site and the back-office.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from rencontres.audit.log import record
from rencontres.comms.models import Mail
from rencontres.editions.models import Edition
from rencontres.networking.models import Meeting
from rencontres.onsite.domain import checkin as checkin_domain
from rencontres.onsite.models import CheckIn
from rencontres.organisers.scoping import for_organisers
from rencontres.program.models import Attendance, CafePlacement, Session, SessionSpeaker
from rencontres.registration.domain import registering
from rencontres.registration.domain.registering import RegistrationError
from rencontres.registration.models import Category, Registration

from . import errors, schemas
from .domain import tokens
from .models import Scope
from .pagination import Page, page_of, paginate

MAX_BODY = 1024 * 1024


class TokenAuth(HttpBearer):
    openapi_description = "An organiser's API token, created in the back-office."

    def authenticate(self, request, key):
        token = tokens.find(key)
        # Checked before the body is read: a huge body is refused without being parsed.
        if token is not None and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            raise HttpError(413, _("The request body is larger than 1 MB."))
        return token


class TokenThrottle(AuthRateThrottle):
    """Per token (not per address: one integration may run on many machines), at the rate of
    the API_RATE_PER_TOKEN setting, read at each request so that it can change without a
    restart of the code that built the API."""

    def allow_request(self, request):
        self.rate = getattr(settings, "API_RATE_PER_TOKEN", "600/m")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": "token", "ident": request.auth.pk}


api = NinjaAPI(
    title="Rencontres API",
    version="1",
    description=(
        "Editions, program and partners are public. Registrations, sign-ups, Cafés, B2B "
        "meetings, mails and check-ins need an organiser's token. Errors are "
        '`{"errors": [{"field", "code", "message"}]}`, in the language of Accept-Language.'
    ),
    urls_namespace="api",
    throttle=[AnonRateThrottle("120/m")],
)
errors.install(api)

public = Router(tags=["public"])
private = Router(auth=TokenAuth(), throttle=[TokenThrottle()], tags=["organisers"])


ERROR_CODES = frozenset({400, 401, 403, 404, 409, 413, 422, 429, 500})


def answers(schema):
    """The success schema, and the errors' for every 4xx (as the OpenAPI schema says)."""
    return {200: schema, ERROR_CODES: schemas.Errors}


def require(request, scope):
    if not request.auth.allows(scope):
        raise HttpError(
            403, _("This token does not have the permission “%(scope)s”.") % {"scope": scope}
        )


def own_edition(request, number):
    """The token's organiser's edition (the platform's one scoping rule, for a token):
    anything else is not found."""
    editions = for_organisers(Edition.objects.filter(number=number), {request.auth.organiser_id})
    edition = editions.first()
    if edition is None:
        raise Http404
    return edition


def public_edition(number):
    edition = Edition.objects.public().select_related("organiser").filter(number=number).first()
    if edition is None:
        raise Http404
    return edition


# Public ------------------------------------------------------------------------------------


@public.get("/editions", response=answers(page_of(schemas.EditionOut)), auth=None)
def editions(request, page: Query[Page]):
    return paginate(request, Edition.objects.public().select_related("organiser"), page)


@public.get("/editions/{number}", response=answers(schemas.EditionOut), auth=None)
def edition(request, number: int):
    return public_edition(number)


@public.get("/editions/{number}/sessions", response=answers(page_of(schemas.SessionOut)), auth=None)
def sessions(request, number: int, page: Query[Page]):
    edition = public_edition(number)
    speakers = SessionSpeaker.objects.select_related("speaker").order_by("order", "pk")
    queryset = (
        Session.objects.filter(edition=edition)
        .select_related("room")
        .prefetch_related(Prefetch("speaker_roles", speakers, to_attr="speaker_links"))
    )
    return paginate(request, queryset, page)


@public.get("/editions/{number}/partners", response=answers(page_of(schemas.PartnerOut)), auth=None)
def partners(request, number: int, page: Query[Page]):
    return paginate(request, public_edition(number).partners.all(), page)


# Organisers --------------------------------------------------------------------------------


class RegistrationFilters(Page):
    status: str | None = None
    category: str | None = None
    country: str | None = None
    updated_since: str | None = None


@private.get("/editions/{number}/registrations", response=answers(page_of(schemas.RegistrationOut)))
def registrations(request, number: int, filters: Query[RegistrationFilters]):
    """Stable order (by id). For incremental sync, pass `updated_since` (ISO 8601) with the
    `modified` of the newest registration you hold."""
    require(request, Scope.READ_REGISTRATIONS)
    queryset = Registration.objects.filter(edition=own_edition(request, number)).select_related(
        "edition", "category"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(category__code=filters.category)
    if filters.country:
        queryset = queryset.filter(country=filters.country.upper())
    if filters.updated_since:
        queryset = queryset.filter(modified__gt=errors.parse_datetime(filters.updated_since))
    return paginate(request, queryset, filters)


@private.get(
    "/editions/{number}/registrations/{registration_id}", response=answers(schemas.RegistrationOut)
)
def registration(request, number: int, registration_id: int):
    require(request, Scope.READ_REGISTRATIONS)
    return _registration(request, number, registration_id)


def _registration(request, number, registration_id, lock=False):
    queryset = Registration.objects.select_related("edition", "category")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=registration_id, edition=own_edition(request, number)).first()
    if found is None:
        raise Http404
    return found


@private.post(
    "/editions/{number}/registrations",
    response={201: schemas.RegistrationOut, **answers(schemas.RegistrationOut)},
)
def create_registration(request, number: int, data: schemas.RegistrationIn):
    """The rules of the public form: quotas, waiting list, approval, mails. An address that
    is already registered answers 200 with the existing registration (nothing is created)."""
    require(request, Scope.WRITE_REGISTRATIONS)
    edition = own_edition(request, number)
    fields = data.model_dump()
    category = Category.objects.filter(edition=edition, code=fields.pop("category")).first()
    if category is None:
        raise errors.FieldError("category", "unknown_category", _("Unknown category."))
    fields["country"] = errors.country(fields["country"])
    try:
        with transaction.atomic():
            registration, created = registering.register(
                edition,
                {**fields, "category": category, "data_consent": True},
                confirmed_by_organiser=True,
            )
            if created:
                record(
                    None, "api.registration_created", target=registration, token=request.auth.name
                )
    except RegistrationError as error:
        raise HttpError(409, str(error.message)) from None
    registration.refresh_from_db()
    return Status(201 if created else 200, registration)


@private.patch(
    "/editions/{number}/registrations/{registration_id}", response=answers(schemas.RegistrationOut)
)
def change_registration(
    request, number: int, registration_id: int, data: schemas.RegistrationPatch
):
    require(request, Scope.WRITE_REGISTRATIONS)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    with transaction.atomic():
        registration = _registration(request, number, registration_id, lock=True)
        for name, value in changes.items():
            setattr(registration, name, value)
        registration.save(update_fields=[*changes, "modified"])
        record(
            None,
            "api.registration_changed",
            target=registration,
            token=request.auth.name,
            fields=sorted(changes),
        )
    return registration


@private.post(
    "/editions/{number}/registrations/{registration_id}/cancel",
    response=answers(schemas.RegistrationOut),
)
def cancel_registration(request, number: int, registration_id: int, data: schemas.CancelIn):
    """As the organisers' "cancel" in the back-office: the place is freed downstream (program,
    Cafés, B2B) and the waiting list moves up; a coordinator's cancellation ends the
    delegation. Cancelling twice changes nothing."""
    require(request, Scope.WRITE_REGISTRATIONS)
    with transaction.atomic():
        registration = _registration(request, number, registration_id)
        if registering.cancel(registration, by_organiser=True):
            record(
                None,
                "registration.cancel",
                target=registration,
                reason=data.reason,
                token=request.auth.name,
            )
    registration.refresh_from_db()
    return registration


@private.get("/editions/{number}/categories", response=answers(page_of(schemas.CategoryOut)))
def categories(request, number: int, page: Query[Page]):
    require(request, Scope.READ_REGISTRATIONS)
    return paginate(request, Category.objects.filter(edition=own_edition(request, number)), page)


@private.get("/editions/{number}/attendances", response=answers(page_of(schemas.AttendanceOut)))
def attendances(request, number: int, page: Query[Page]):
    """Sign-ups to sessions (confirmed or waiting), each with whether the person was
    scanned at the session's door."""
    require(request, Scope.READ_REGISTRATIONS)
    edition = own_edition(request, number)
    scanned = CheckIn.objects.filter(
        registration=OuterRef("registration"), session=OuterRef("session")
    )
    queryset = Attendance.objects.filter(session__edition=edition).annotate(
        checked_in=Exists(scanned)
    )
    return paginate(request, queryset, page)


@private.get("/editions/{number}/cafes", response=answers(page_of(schemas.CafePlacementOut)))
def cafes(request, number: int, page: Query[Page]):
    require(request, Scope.READ_REGISTRATIONS)
    edition = own_edition(request, number)
    queryset = CafePlacement.objects.filter(cafe_round__edition=edition).select_related("session")
    return paginate(request, queryset, page)


@private.get("/editions/{number}/mails", response=answers(page_of(schemas.MailOut)))
def mails(request, number: int, page: Query[Page]):
    """Delivery status of every mail of the edition (not their text)."""
    require(request, Scope.READ_REGISTRATIONS)
    return paginate(request, Mail.objects.filter(edition=own_edition(request, number)), page)


@private.get("/editions/{number}/b2b/meetings", response=answers(page_of(schemas.MeetingOut)))
def meetings(request, number: int, page: Query[Page]):
    require(request, Scope.READ_B2B)
    queryset = (
        Meeting.objects.filter(edition=own_edition(request, number))
        .select_related("request")
        .prefetch_related("request__party_a", "request__party_b")
    )
    return paginate(request, queryset, page)


@private.post("/editions/{number}/checkins", response=answers(schemas.CheckInOut))
def check_in(request, number: int, data: schemas.CheckInIn):
    """One scan, decided by the on-site rules (a replay of the same `client_id` is answered
    the same and recorded once)."""
    require(request, Scope.WRITE_CHECKINS)
    edition = own_edition(request, number)
    if not data.registration and not data.token:
        raise errors.FieldError("registration", "required", _("Give a registration or a token."))
    session = None
    if data.session is not None:
        session = Session.objects.filter(pk=data.session, edition=edition).first()
        if session is None:
            raise errors.FieldError("session", "unknown_session", _("Unknown session."))
    verdict = checkin_domain.scan(
        edition,
        client_id=data.client_id,
        token=data.token,
        registration_id=data.registration,
        session=session,
        scanned_at=data.scanned_at,
    )
    return {
        "outcome": verdict.code,
        "message": verdict.title,
        "registration": verdict.registration.pk if verdict.registration else None,
    }


api.add_router("/", public)
api.add_router("/", private)
