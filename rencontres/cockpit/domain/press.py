"""Press figures of an edition, written the way a press release writes them.

Rounding rule (shown to the organiser): below 10 a figure is given exactly; from 10 to 99 it
is rounded down to the ten, from 100 up to the hundred, and "more than" is written whenever
the rounding dropped something ("537" → "more than 500"; "500" stays "500").
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rencontres.editions.models import Partner
from rencontres.networking.models import Meeting
from rencontres.program.models import Session, SessionSpeaker
from rencontres.registration.models import Registration

from .. import extensions
from ..models import PressPage
from .figures import count_by

RULE = gettext_lazy(
    "People, countries and local authorities: below 10, the exact figure; from 10 to 99, "
    "rounded down to the ten; from 100, rounded down to the hundred; “more than” whenever the "
    "rounding leaves some out (537 participants are written “more than 500”, exactly 500 stay "
    "“500”). Sessions, B2B meetings and partners: the exact figure."
)
# Counts of the program are exact, as the 2024 press release writes them ("12 Cafés").
EXACT = {"regional_meetings", "workshops", "cafes", "b2b_meetings", "partners"}

LOCAL_AUTHORITY_TYPES = (
    Registration.OrganisationType.COMMUNE,
    Registration.OrganisationType.INTERCOMMUNALITY,
    Registration.OrganisationType.DEPARTEMENT,
    Registration.OrganisationType.REGION,
    Registration.OrganisationType.FOREIGN_AUTHORITY,
)

# The figures of the press page, in the order of a press release.
KEYS = [
    "participants",
    "present",
    "countries",
    "local_authorities",
    "elected",
    "regional_meetings",
    "workshops",
    "cafes",
    "b2b_meetings",
    "partners",
]


def noun(key, n):
    """The phrase for `n` of `key`, with "%(q)s" for the quantity, in the active language."""
    return {
        "participants": ngettext("%(q)s participant", "%(q)s participants", n),
        "present": ngettext("%(q)s participant present", "%(q)s participants present", n),
        "countries": ngettext("%(q)s country", "%(q)s countries", n),
        "local_authorities": ngettext("%(q)s local authority", "%(q)s local authorities", n),
        "elected": ngettext("%(q)s elected official", "%(q)s elected officials", n),
        "regional_meetings": ngettext("%(q)s regional meeting", "%(q)s regional meetings", n),
        "workshops": ngettext("%(q)s thematic workshop", "%(q)s thematic workshops", n),
        "cafes": ngettext("%(q)s Café des Rencontres", "%(q)s Cafés des Rencontres", n),
        "b2b_meetings": ngettext("%(q)s B2B meeting", "%(q)s B2B meetings", n),
        "partners": ngettext("%(q)s partner", "%(q)s partners", n),
    }[key]


def approximate(value):
    """(rounded, more_than) by the rounding rule."""
    if value < 10:
        return value, False
    step = 10 if value < 100 else 100
    rounded = value // step * step
    return rounded, rounded < value


def written(key, value, more_than=None):
    """The figure as a press release writes it ("more than 500 participants").

    `more_than` None applies the rounding rule; True or False keeps `value` as given.
    """
    if more_than is None:
        value, more_than = (value, False) if key in EXACT else approximate(value)
    number = formats.number_format(value, force_grouping=True)
    quantity = _("more than %(n)s") % {"n": number} if more_than else number
    return noun(key, value) % {"q": quantity}


@dataclass
class PressFigure:
    key: str
    value: int
    text: str
    more_than: bool
    detail: list  # [(label, count)] for local authorities by type


def computed(edition):
    """{key: (value, detail)} counted live from the edition's data."""
    people = list(
        Registration.objects.filter(edition=edition, status=Registration.Status.CONFIRMED)
        .order_by()
        .values_list("country", "organisation_type", "organisation", "category__code")
    )
    authorities = {}
    for _country, kind, organisation, _category in people:
        if kind in LOCAL_AUTHORITY_TYPES and organisation.strip():
            authorities.setdefault(kind, set()).add(organisation.strip().lower())
    type_names = dict(Registration.OrganisationType.choices)
    kinds = count_by(Session.objects.filter(edition=edition), "kind")
    figures = {
        "participants": (len(people), []),
        "countries": (len({p[0] for p in people}), []),
        "local_authorities": (
            sum(len(names) for names in authorities.values()),
            [
                (str(type_names[kind]), len(authorities[kind]))
                for kind in LOCAL_AUTHORITY_TYPES
                if kind in authorities
            ],
        ),
        "elected": (sum(1 for p in people if p[3] == "elected"), []),
        "regional_meetings": (kinds.get(Session.Kind.REGIONAL, 0), []),
        "workshops": (kinds.get(Session.Kind.WORKSHOP, 0), []),
        "cafes": (kinds.get(Session.Kind.CAFE, 0), []),
        "b2b_meetings": (Meeting.objects.filter(edition=edition).count(), []),
        "partners": (edition.partners.count(), []),
    }
    attendance, _failed = extensions.attendance(edition)
    if attendance.get(None):
        figures["present"] = (attendance[None], [])
    return figures


def press_figures(edition, press_page=None):
    """(figures, given): the figures the organiser gave, or else the computed ones, with
    their written form in the active language; figures of zero are left out."""
    given = press_page.given_figures if press_page else {}
    result = []
    if given:
        for key in KEYS:
            if key in given:
                value, more_than = given[key]["value"], given[key].get("more_than", False)
                result.append(
                    PressFigure(key, value, written(key, value, more_than), more_than, [])
                )
        return result, True
    for key, (value, detail) in computed(edition).items():
        if value:
            more_than = key not in EXACT and approximate(value)[1]
            result.append(PressFigure(key, value, written(key, value), more_than, detail))
    order = KEYS
    result.sort(key=lambda figure: order.index(figure.key))
    return result, False


def headline(figures, capital=True):
    """ "Plus de 500 participants de plus de 20 pays", or "" without participants."""
    texts = {figure.key: figure.text for figure in figures}
    people = texts.get("present") or texts.get("participants")
    if not people:
        return ""
    if "countries" in texts:
        people = _("%(participants)s from %(countries)s") % {
            "participants": people,
            "countries": texts["countries"],
        }
    return capfirst(people) if capital else people


def enumeration(items):
    """ "a, b and c" in the active language."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def opening_speakers(edition):
    roles = (
        SessionSpeaker.objects.filter(session__edition=edition, session__kind=Session.Kind.OPENING)
        .select_related("speaker")
        .order_by("session__start", "order", "pk")
    )
    return [role.speaker for role in roles]


def draft_release(edition, language):
    """(title, text) of a press release in `language`, from the figures and the program."""
    with translation.override(language):
        page = PressPage.objects.filter(edition=edition).first()
        figures, _given = press_figures(edition, page)
        plenary = (
            Session.objects.filter(edition=edition, kind=Session.Kind.PLENARY)
            .order_by("start")
            .first()
        )
        texts = {figure.key: figure.text for figure in figures}
        program = [texts[k] for k in ("regional_meetings", "workshops", "cafes") if k in texts]
        context = {
            "edition": edition,
            "headline": headline(figures),
            "gathered": headline(figures, capital=False),
            "figures": texts,
            "program": enumeration(program),
            "speakers": enumeration(
                f"{s.name} ({s.function})" if s.function else s.name
                for s in opening_speakers(edition)
            ),
            # The plenary is named when its title does not just repeat the edition's theme.
            "plenary": plenary if plenary and edition.theme not in plenary.title else None,
            "partners": enumeration(
                p.name for p in edition.partners.exclude(role=Partner.Role.ORGANISER)
            ),
            "today": timezone.localdate(),
        }
        title = render_to_string("cockpit/press/release_title.txt", context).strip()
        text = render_to_string("cockpit/press/release.txt", context).strip()
    # Blank lines between paragraphs, never more than one.
    text = "\n\n".join(p.strip() for p in text.split("\n\n") if p.strip())
    return title, text
