"""What the API reads and writes. Output fields are stable; new ones may be added."""

import datetime
import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator


class Error(Schema):
    field: str | None = Field(None, description="The input field at fault, if any.")
    code: str
    message: str = Field(description="In the language of Accept-Language (French or English).")


class Errors(Schema):
    errors: list[Error]


class EditionOut(Schema):
    number: int
    title: str
    theme: str
    start_date: datetime.date
    end_date: datetime.date
    status: str
    organiser: str

    @staticmethod
    def resolve_organiser(obj):
        return obj.organiser.name


class RoomOut(Schema):
    id: int
    name: str
    capacity: int | None


class SpeakerOut(Schema):
    id: int
    name: str
    function: str
    organisation: str


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    start: datetime.datetime
    end: datetime.datetime
    language: str
    room: RoomOut | None
    speakers: list[SpeakerOut]

    @staticmethod
    def resolve_speakers(obj):
        return [link.speaker for link in obj.speaker_links]


class PartnerOut(Schema):
    id: int
    name: str
    role: str
    url: str


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    quota: int | None
    needs_approval: bool


class RegistrationOut(Schema):
    id: int
    reference: str
    edition: int
    status: str
    civility: str
    first_name: str
    last_name: str
    email: str
    phone: str
    language: str
    organisation: str
    organisation_type: str
    function: str
    country: str
    city: str
    category: str | None
    delegation: int | None
    email_confirmed_at: datetime.datetime | None
    created: datetime.datetime
    modified: datetime.datetime

    @staticmethod
    def resolve_edition(obj):
        return obj.edition.number

    @staticmethod
    def resolve_country(obj):
        return obj.country.code

    @staticmethod
    def resolve_category(obj):
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_delegation(obj):
        return obj.delegation_id


class RegistrationIn(Schema):
    """A registration made by the organiser's system: the same rules as the public form
    (quotas, waiting list, mails). The address is confirmed by the organiser's system."""

    model_config = ConfigDict(extra="forbid")

    civility: str = ""
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=254)
    phone: str = Field("", max_length=40)
    language: str = Field("fr", pattern="^(fr|en)$")
    organisation: str = Field("", max_length=200)
    organisation_type: str = ""
    function: str = Field("", max_length=200)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166 code, e.g. FR.")
    city: str = Field("", max_length=200)
    category: str = Field(description="The category's code.")

    @field_validator("email")
    @classmethod
    def _email(cls, value):
        # Django's rule, as the public form: one definition of a valid address.
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("invalid email") from None
        return value.strip().lower()


class RegistrationPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    phone: str | None = Field(None, max_length=40)
    organisation: str | None = Field(None, max_length=200)
    function: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=200)
    language: str | None = Field(None, pattern="^(fr|en)$")


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field("", max_length=500)


class AttendanceOut(Schema):
    id: int
    session: int
    registration: int
    status: str
    source: str
    checked_in: bool

    @staticmethod
    def resolve_session(obj):
        return obj.session_id

    @staticmethod
    def resolve_registration(obj):
        return obj.registration_id

    @staticmethod
    def resolve_checked_in(obj):
        return bool(getattr(obj, "checked_in", False))


class CafePlacementOut(Schema):
    registration: int
    cafe: int
    title: str

    @staticmethod
    def resolve_registration(obj):
        return obj.registration_id

    @staticmethod
    def resolve_cafe(obj):
        return obj.session_id

    @staticmethod
    def resolve_title(obj):
        return obj.session.title


class MeetingOut(Schema):
    id: int
    start: datetime.datetime
    end: datetime.datetime
    table: int
    requested_by: int
    side_a: list[int] = Field(description="Registration ids of the requesting side.")
    side_b: list[int] = Field(description="Registration ids of the invited side.")

    @staticmethod
    def resolve_requested_by(obj):
        return obj.request.requester_id

    @staticmethod
    def resolve_side_a(obj):
        return sorted(person.pk for person in obj.request.party_a.all())

    @staticmethod
    def resolve_side_b(obj):
        return sorted(person.pk for person in obj.request.party_b.all())


class MailOut(Schema):
    id: int
    to: str
    subject: str
    template: str
    status: str
    attempts: int
    registration: int | None
    created: datetime.datetime
    sent_at: datetime.datetime | None

    @staticmethod
    def resolve_registration(obj):
        return obj.registration_id


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    registration: int | None = Field(None, description="Registration id, or…")
    token: str | None = Field(None, description="…the badge's QR code text.")
    session: int | None = Field(None, description="Omit for the entrance.")
    client_id: uuid.UUID = Field(description="A new UUID per scan: a replay is answered once.")
    scanned_at: datetime.datetime | None = None


class CheckInOut(Schema):
    outcome: str
    message: str
    registration: int | None
