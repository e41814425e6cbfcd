"""factory_boy factories for the main models, and `small_edition()`.

Content fields are given in both languages (`title_fr`, `title_en`), as the back-office asks.
Sequences keep numbers, addresses and codes unique; edition numbers start at 100 so that they
never meet the demo's 15, 16 and 17 in a test that uses both.
"""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rencontres.editions.models import AccessRoute, Edition, Organiser, Partner, Venue
from rencontres.networking.models import MeetingRequest, Profile, SchedulerSettings
from rencontres.networking.models import Theme as CooperationTheme
from rencontres.program.models import Attendance, CafeRound, Room, Session, Speaker
from rencontres.registration.demo import CATEGORIES
from rencontres.registration.models import (
    Category,
    Delegation,
    Registration,
    RegistrationSettings,
)

PARIS = ZoneInfo("Europe/Paris")

FIRST_NAMES = ["Amina", "Jean", "Léa", "Kofi", "Mei", "Olga", "Thomas", "Fatou", "Lucas", "Ana"]
LAST_NAMES = ["Diallo", "Martin", "Nguyen", "Mensah", "Dubois", "Kowalski", "Silva", "Haddad"]
CITIES = [("FR", "Dijon"), ("SN", "Dakar"), ("CM", "Yaoundé"), ("FR", "Lyon"), ("MA", "Rabat")]


def upcoming_dates():
    """A Wednesday and Thursday about two months from today, like the demonstration edition."""
    start = timezone.localdate() + datetime.timedelta(days=60)
    start += datetime.timedelta(days=(2 - start.weekday()) % 7)
    return start, start + datetime.timedelta(days=1)


def at(day, hhmm):
    """An aware datetime at a Paris wall-clock time (the program's time zone)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


# --- editions ---------------------------------------------------------------------------


class OrganiserFactory(DjangoModelFactory):
    class Meta:
        model = Organiser

    name_fr = "Association des collectivités pour la coopération"
    name_en = "Association of local authorities for cooperation"
    short_name = "ACC"
    founded_year = 1975
    email = "contact@example.org"


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Salons de la Coopération {n}")
    street = "9 bis rue de Valenciennes"
    postal_code = "75010"
    city = "Paris"


class AccessRouteFactory(DjangoModelFactory):
    class Meta:
        model = AccessRoute

    venue = factory.SubFactory(VenueFactory)
    mode = AccessRoute.Mode.METRO
    lines = "4, 5"
    station_fr = "Gare de l'Est"
    station_en = "Gare de l'Est"
    walk_minutes = 5


class EditionFactory(DjangoModelFactory):
    """A published edition about two months ahead, registration open since yesterday."""

    class Meta:
        model = Edition

    class Params:
        days = 2

    organiser = factory.SubFactory(OrganiserFactory)
    number = factory.Sequence(lambda n: 100 + n)
    status = Edition.Status.PUBLISHED
    title_fr = factory.LazyAttribute(lambda o: f"Rencontres de la coopération n°{o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Cooperation meeting no. {o.number}")
    theme_fr = "Les territoires face aux crises"
    theme_en = "Local authorities facing crises"
    start_date = factory.LazyFunction(lambda: upcoming_dates()[0])
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=o.days - 1))
    venue = factory.SubFactory(VenueFactory)
    registration_opens = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )
    registration_closes = factory.LazyAttribute(lambda o: o.start_date - datetime.timedelta(days=6))
    contact_email = "rencontres@example.org"
    hashtag = factory.LazyAttribute(lambda o: f"#Rencontres{o.start_date.year}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    edition = factory.SubFactory(EditionFactory)
    role = Partner.Role.PARTNER
    name_fr = factory.Sequence(lambda n: f"Partenaire {n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")


# --- registration -----------------------------------------------------------------------


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = "elected"
    name_fr = "Élu·e local·e"
    name_en = "Local elected representative"


def categories(edition):
    """The usual categories (the demo's: "elected", …, "press" needing approval)."""
    return [
        CategoryFactory(
            edition=edition,
            code=code,
            name_fr=name_fr,
            name_en=name_en,
            needs_approval=approval,
            order=order,
        )
        for order, (code, name_fr, name_en, approval) in enumerate(CATEGORIES)
    ]


class RegistrationSettingsFactory(DjangoModelFactory):
    class Meta:
        model = RegistrationSettings
        django_get_or_create = ("edition",)

    edition = factory.SubFactory(EditionFactory)
    capacity = None


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration in the edition's "elected" category (created if missing)."""

    class Meta:
        model = Registration

    class Params:
        place = factory.Iterator(CITIES)

    edition = factory.SubFactory(EditionFactory)
    category = factory.LazyAttribute(lambda o: CategoryFactory(edition=o.edition))
    status = Registration.Status.CONFIRMED
    civility = factory.Iterator([Registration.Civility.MRS, Registration.Civility.MR])
    first_name = factory.Iterator(FIRST_NAMES)
    last_name = factory.Iterator(LAST_NAMES)
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    language = Registration.Language.FR
    organisation = factory.LazyAttribute(lambda o: f"Ville de {o.place[1]}")
    organisation_type = Registration.OrganisationType.COMMUNE
    function = "Adjoint·e aux relations internationales"
    country = factory.LazyAttribute(lambda o: o.place[0])
    city = factory.LazyAttribute(lambda o: o.place[1])
    data_consent = True
    email_confirmed_at = factory.LazyAttribute(
        lambda o: None if o.status == Registration.Status.PENDING_EMAIL else timezone.now()
    )


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = Delegation

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Délégation de démonstration {n}")
    country = "CM"


def delegation(edition, size=3, **fields):
    """A delegation of `size` confirmed registrations, the first one its coordinator."""
    group = DelegationFactory(edition=edition, **fields)
    members = RegistrationFactory.create_batch(
        size, edition=edition, delegation=group, country=group.country or "FR"
    )
    group.coordinator = members[0]
    group.save(update_fields=["coordinator"])
    return group


# --- program ----------------------------------------------------------------------------


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(EditionFactory)
    name_fr = factory.Sequence(lambda n: f"Salle {n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    capacity = 60


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = Speaker

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Intervenant·e {n}")
    function_fr = "Maire"
    function_en = "Mayor"


class SessionFactory(DjangoModelFactory):
    """A plenary on the edition's first day, 11:00–12:30 Paris time; `day` is 1-based."""

    class Meta:
        model = Session

    class Params:
        day = 1
        hours = ("11:00", "12:30")

    edition = factory.SubFactory(EditionFactory)
    kind = Session.Kind.PLENARY
    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    start = factory.LazyAttribute(
        lambda o: at(o.edition.start_date + datetime.timedelta(days=o.day - 1), o.hours[0])
    )
    end = factory.LazyAttribute(
        lambda o: at(o.edition.start_date + datetime.timedelta(days=o.day - 1), o.hours[1])
    )


class CafeRoundFactory(DjangoModelFactory):
    class Meta:
        model = CafeRound
        django_get_or_create = ("edition",)

    edition = factory.SubFactory(EditionFactory)
    choices_close = factory.LazyAttribute(
        lambda o: at(o.edition.registration_last_day + datetime.timedelta(days=1), "00:00")
    )


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    registration = factory.LazyAttribute(lambda o: RegistrationFactory(edition=o.session.edition))
    source = Attendance.Source.SELF


def program(edition):
    """A program shaped like the demo's 2024 one, smaller. Day 1: welcome, opening, two
    blocks of three parallel sessions that need sign-up (40 places, rooms of 60) beside a B2B
    block, a break between them. Day 2: plenary, lunch, three Cafés (12 places) beside a B2B
    block, farewell; Café choices close the day after registration closes."""
    K = Session.Kind
    rooms = [
        RoomFactory(edition=edition, order=n, name_fr=f"Salle {n}", name_en=f"Room {n}")
        for n in (1, 2, 3)
    ]
    area = RoomFactory(edition=edition, order=4, capacity=None, name_fr="Espace des partenaires")
    area.name_en = "Partners' area"
    area.save(update_fields=["name_en"])

    def session(day, hours, kind, title, **fields):
        return SessionFactory(
            edition=edition, day=day, hours=hours, kind=kind, title_fr=title[0],
            title_en=title[1], **fields,
        )  # fmt: skip

    session(1, ("13:00", "14:00"), K.WELCOME, ("Accueil des participants", "Welcome"))
    session(1, ("14:00", "14:30"), K.OPENING, ("Ouverture officielle", "Opening ceremony"))
    parallel = [
        (K.REGIONAL, ("Réunion régionale {}", "Regional meeting {}")),
        (K.WORKSHOP, ("Atelier thématique {}", "Thematic workshop {}")),
    ]
    for block, hours in enumerate([("14:30", "16:00"), ("16:45", "18:15")]):
        for order in range(3):
            kind, title = parallel[(block * 3 + order) % 2]
            number = block * 3 + order + 1
            session(
                1, hours, kind, (title[0].format(number), title[1].format(number)),
                room=rooms[order], order=order, capacity=40, signup_required=True,
            )  # fmt: skip
        session(1, hours, K.B2B, ("Rencontres B2B", "B2B meetings"), room=area, order=3)
    session(1, ("16:00", "16:45"), K.BREAK, ("Pause café", "Coffee break"))
    session(2, ("11:00", "12:30"), K.PLENARY, ("Conférence plénière", "Plenary session"))
    session(2, ("12:30", "14:30"), K.MEAL, ("Cocktail déjeuner", "Lunch break"))
    for number in (1, 2, 3):
        title = f"Café des Rencontres {number}"
        session(2, ("14:30", "15:30"), K.CAFE, (title, title), order=number, capacity=12)
    session(2, ("14:30", "15:30"), K.B2B, ("Rencontres B2B", "B2B meetings"), room=area, order=4)
    session(2, ("17:00", "17:30"), K.FAREWELL, ("Pot de clôture", "Farewell drink"))
    CafeRoundFactory(edition=edition)
    return edition


# --- B2B --------------------------------------------------------------------------------


class SchedulerSettingsFactory(DjangoModelFactory):
    class Meta:
        model = SchedulerSettings
        django_get_or_create = ("edition",)

    edition = factory.SubFactory(EditionFactory)
    tables = 3
    max_meetings = 4
    time_limit = 2


class ProfileFactory(DjangoModelFactory):
    """A networking profile in the directory; `themes`, `offers`, `seeks` take theme slugs
    (the themes of cooperation come from a migration)."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory)
    opted_in = True
    languages = "fr,en"
    pitch_fr = "Nous cherchons des partenaires pour des projets d'eau et d'assainissement."

    @factory.post_generation
    def themes(self, create, slugs, **kwargs):
        if create and slugs:
            self.themes.set(CooperationTheme.objects.filter(slug__in=slugs))

    @factory.post_generation
    def offers(self, create, slugs, **kwargs):
        if create and slugs:
            self.offers.set(CooperationTheme.objects.filter(slug__in=slugs))

    @factory.post_generation
    def seeks(self, create, slugs, **kwargs):
        if create and slugs:
            self.seeks.set(CooperationTheme.objects.filter(slug__in=slugs))


class MeetingRequestFactory(DjangoModelFactory):
    """A pending request from `requester` (party A) to `party_b` (a list; by default one new
    participant of the same edition)."""

    class Meta:
        model = MeetingRequest
        skip_postgeneration_save = True

    requester = factory.SubFactory(RegistrationFactory)
    edition = factory.LazyAttribute(lambda o: o.requester.edition)
    message = "Bonjour, pouvons-nous parler de coopération ?"

    @factory.post_generation
    def party_a(self, create, people, **kwargs):
        if create:
            self.party_a.set(people or [self.requester])

    @factory.post_generation
    def party_b(self, create, people, **kwargs):
        if create:
            self.party_b.set(people or [RegistrationFactory(edition=self.edition)])


# --- organisers' teams -----------------------------------------------------------------


def team_member(username, organiser, *roles, **fields):
    """A staff account in `organiser`'s team with these roles (names from core/roles.py)."""
    from django.contrib.auth.models import Group, User

    from rencontres.core.roles import ROLES, sync_roles
    from rencontres.organisers.models import Membership

    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        sync_roles()
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username, email=fields.pop("email", f"{username}@example.org"), is_staff=True, **fields
    )
    membership, _created = Membership.objects.get_or_create(organiser=organiser, user=user)
    membership.roles.add(*Group.objects.filter(name__in=roles))
    return user


# --- a whole edition --------------------------------------------------------------------


def small_edition(**fields):
    """An edition like the demonstration one (published, registration and sign-up open, the
    usual categories, a program with workshops, Cafés and B2B blocks), in a few dozen rows."""
    edition = EditionFactory(**fields)
    categories(edition)
    program(edition)
    return edition
