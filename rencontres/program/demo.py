"""The programs of the 15th (2024) and 16th (2025) editions, exactly as the seeds give them.

Hours come from the invitations (2024 in French and English, 2025 in English only, translated
faithfully); counts (6 regional meetings, 6 thematic workshops, 12 Cafés) and the opening
speakers come from the 2024 press release. The seeds name no workshop topic and no room but
the partners' area, so titles are neutral ("Atelier thématique 1") and rooms are marked as
provisional. The 2025 invitation gives no counts, so each of its blocks holds one entry per
format, in the plural.
"""

import datetime
from zoneinfo import ZoneInfo

from .models import CafeRound, Room, Session, SessionSpeaker, Speaker

PARIS = ZoneInfo("Europe/Paris")
K = Session.Kind

PARTNERS_AREA = ("Espace des partenaires", "Partners' area")

WELCOME = ("Accueil des participants", "Welcoming of the participants")
OPENING = ("Ouverture officielle des Rencontres", "Opening ceremony")
BREAK = ("Pause café", "Coffee break")
FAREWELL = ("Pot de clôture", "Farewell drink")
B2B_2024 = ("Rencontres B2B", "B2B meetings")

OPENING_SPEAKERS = [
    {
        "name": "François Rebsamen",
        "function_fr": "Maire de Dijon et Président de Dijon Métropole, représentant le nouveau "
        "président de CUF, Michaël Delafosse",
        "function_en": "Mayor of Dijon and President of Dijon Métropole, representing the new "
        "President of CUF, Michaël Delafosse",
        "organisation": "Dijon Métropole",
        "country": "FR",
    },
    {
        "name": "Frédéric Cholé",
        "function_fr": "Délégué pour les collectivités territoriales et la société civile (DCTCIV)",
        "function_en": "Delegate for local authorities and civil society (DCTCIV)",
        "organisation": "Ministère de l'Europe et des Affaires étrangères",
        "country": "FR",
    },
    {
        "name": "Arnaud Ngatcha",
        "function_fr": "Adjoint à la Maire de Paris chargé de l'Europe, des relations "
        "internationales et de la francophonie",
        "function_en": "Deputy Mayor of Paris in charge of Europe, international relations and "
        "the French-speaking world",
        "organisation": "",
        "country": "FR",
    },
]


def _at(day, hhmm):
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def _rooms(edition, count):
    rooms = [
        Room.objects.create(
            edition=edition,
            order=number,
            name_fr=f"Salle {number}",
            name_en=f"Room {number}",
            is_placeholder=True,
        )
        for number in range(1, count + 1)
    ]
    partners_area = Room.objects.create(
        edition=edition, order=count + 1, name_fr=PARTNERS_AREA[0], name_en=PARTNERS_AREA[1]
    )
    return rooms, partners_area


def _session(edition, day, start, end, kind, title, description=("", ""), **fields):
    return Session.objects.create(
        edition=edition,
        kind=kind,
        start=_at(day, start),
        end=_at(day, end),
        title_fr=title[0],
        title_en=title[1],
        description_fr=description[0],
        description_en=description[1],
        **fields,
    )


def _numbered(kind, number):
    if kind == K.REGIONAL:
        return (f"Réunion régionale {number}", f"Regional meeting {number}")
    return (f"Atelier thématique {number}", f"Thematic workshop {number}")


def load_2024(edition):
    day1, day2 = edition.start_date, edition.end_date
    rooms, partners_area = _rooms(edition, 3)
    # 6 regional meetings and 6 thematic workshops (press release), three at a time over
    # the four "Ateliers/Réunions/B2B" blocks, alternating so each block mixes both.
    parallel = []
    for number in range(1, 7):
        parallel += [(K.REGIONAL, number), (K.WORKSHOP, number)]
    blocks = [(day1, "14:30", "16:00"), (day1, "16:45", "18:15"), (day2, "09:00", "10:30")]
    blocks.append((day2, "15:30", "17:00"))

    _session(edition, day1, "13:00", "14:00", K.WELCOME, WELCOME)
    opening = _session(edition, day1, "14:00", "14:30", K.OPENING, OPENING)
    for order, data in enumerate(OPENING_SPEAKERS):
        speaker = Speaker.objects.create(edition=edition, **data)
        SessionSpeaker.objects.create(session=opening, speaker=speaker, order=order)
    for index, (day, start, end) in enumerate(blocks):
        for order, (kind, number) in enumerate(parallel[index * 3 : index * 3 + 3]):
            _session(
                edition,
                day,
                start,
                end,
                kind,
                _numbered(kind, number),
                room=rooms[order],
                order=order,
                signup_required=True,
            )
        _session(edition, day, start, end, K.B2B, B2B_2024, room=partners_area, order=3)
    _session(edition, day1, "16:00", "16:45", K.BREAK, BREAK)
    _session(
        edition,
        day1,
        "18:15",
        "19:00",
        K.CEREMONY,
        (
            "Plénière de mise à l'honneur d'un pays – Remise du label « Territoires unis et "
            "solidaires face aux Crises »",
            "Ceremony honouring one Country – Label Award Ceremony « United cities and "
            "territories in the wake of crises »",
        ),
        (
            "Pays mis à l'honneur : le Cameroun, représenté notamment par les membres du "
            "Ministère de la Décentralisation et du Développement local (MINDDEVEL).",
            "Country honoured: Cameroon, represented in particular by members of the Ministry "
            "of Decentralisation and Local Development (MINDDEVEL).",
        ),
        room=partners_area,
    )
    _session(edition, day2, "08:30", "09:00", K.WELCOME, WELCOME)
    _session(edition, day2, "10:30", "11:00", K.BREAK, BREAK)
    _session(
        edition,
        day2,
        "11:00",
        "12:30",
        K.PLENARY,
        (
            "Conférence plénière : « La Diplomatie des territoires : les singularités de la "
            "coopération décentralisée »",
            "Plenary session: «Territorial diplomacy: the unique features of decentralised "
            "cooperation»",
        ),
    )
    _session(edition, day2, "12:30", "14:30", K.MEAL, ("Cocktail déjeuner", "Lunch break"))
    for number in range(1, 13):
        _session(
            edition,
            day2,
            "14:30",
            "15:30",
            K.CAFE,
            (f"Café des Rencontres {number}", f"Café des Rencontres {number}"),
            (
                "Rendez-vous avec les acteurs de l'AICT.",
                "Rendez-vous with local actors in international action.",
            ),
            order=number,
        )
    _session(edition, day2, "14:30", "15:30", K.B2B, B2B_2024, room=partners_area, order=13)
    _session(edition, day2, "17:00", "17:30", K.FAREWELL, FAREWELL)
    # Choices for the Cafés close with registration (the seeds give no other date).
    closes = edition.registration_closes or edition.start_date
    CafeRound.objects.create(
        edition=edition, choices_close=_at(closes + datetime.timedelta(days=1), "00:00")
    )


def load_2025(edition):
    day = edition.start_date
    rooms, partners_area = _rooms(edition, 2)
    _session(edition, day, "08:00", "09:00", K.WELCOME, WELCOME)
    _session(edition, day, "09:00", "09:30", K.OPENING, OPENING)
    for start, end in (("09:30", "11:00"), ("15:00", "16:30")):
        _session(
            edition,
            day,
            start,
            end,
            K.REGIONAL,
            ("Réunions régionales", "Regional workshops"),
            room=rooms[0],
            order=0,
        )
        _session(
            edition,
            day,
            start,
            end,
            K.WORKSHOP,
            ("Ateliers thématiques", "Thematic workshops"),
            room=rooms[1],
            order=1,
        )
        _session(edition, day, start, end, K.B2B, B2B_2024, room=partners_area, order=2)
    _session(edition, day, "11:00", "11:30", K.BREAK, BREAK)
    _session(
        edition,
        day,
        "11:30",
        "13:00",
        K.PLENARY,
        ("Conférence plénière thématique", "Thematic plenary session"),
    )
    _session(edition, day, "13:00", "14:00", K.MEAL, ("Pause déjeuner", "Lunch break"))
    _session(
        edition,
        day,
        "14:00",
        "15:00",
        K.CAFE,
        ("« Cafés des Rencontres »", "«Cafés des Rencontres»"),
        (
            "Rendez-vous avec les acteurs de l'AICT.",
            "Rendez-vous with local actors in international action.",
        ),
    )
    _session(
        edition,
        day,
        "16:30",
        "17:30",
        K.CEREMONY,
        (
            "Plénière de mise à l'honneur d'un pays : remerciements aux collectivités "
            "territoriales organisatrices du « Relais de la Coop Dec' »",
            "Ceremony honouring one Country: acknowledgments to local authorities for "
            "organizing the «Relais de la Coop Dec'»",
        ),
    )
    _session(edition, day, "17:30", "18:00", K.FAREWELL, FAREWELL)


# Capacities the seeds do not give, set on the demonstration edition only, so that
# sign-up, waiting lists and the Cafés assignment can be tried.
DEMO_ROOM_CAPACITY = 60
DEMO_SESSION_CAPACITY = 40
DEMO_CAFE_CAPACITY = 12


def prepare_demonstration(edition):
    edition.rooms.filter(is_placeholder=True).update(capacity=DEMO_ROOM_CAPACITY)
    edition.sessions.filter(kind__in=[K.WORKSHOP, K.REGIONAL]).update(
        capacity=DEMO_SESSION_CAPACITY
    )
    edition.sessions.filter(kind=K.CAFE).update(capacity=DEMO_CAFE_CAPACITY)


def load(editions):
    for number, loader in ((15, load_2024), (16, load_2025)):
        edition = editions.get(number)
        if edition is not None and not edition.sessions.exists():
            loader(edition)
