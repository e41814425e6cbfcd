"""Badges as a PDF: who gets one, what is printed on it, and the batch that issues them.

A badge's QR token exists only in the PDF (the database keeps its hash), so printing a badge
always issues a new one and revokes the previous one: the old QR code stops working.
The PDF is rendered before the database is touched, and the badges are written in one short
transaction, so a failed rendering changes nothing and check-ins are not held up.
"""

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import pydyf
import segno
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone, translation

from rencontres.audit.log import record
from rencontres.core.pdf import render_document
from rencontres.registration.models import Registration

from ..models import Badge, BadgeSettings
from .badges import badge_url, new_token, replace_badges
from .fit import LINE_BOX, LINE_HEIGHT, PT_PER_MM, fit

# Band colours of categories the organiser has not chosen a colour for, by category order.
PALETTE = ["#1f6feb", "#2da44e", "#bf3989", "#9a6700", "#8250df", "#cf222e", "#0a7a7a", "#57606a"]


@dataclass(frozen=True)
class Geometry:
    """A layout: badge size (mm) and how many fit on a page, in columns and rows."""

    page: str
    page_width: float
    page_height: float
    width: float
    height: float
    columns: int = 1
    rows: int = 1
    margin_x: float = 0
    margin_y: float = 0

    @property
    def per_page(self):
        return self.columns * self.rows

    @property
    def scale(self):
        # The A6 badge is the reference; smaller badges scale every size down.
        return self.width / 105


LAYOUTS = {
    BadgeSettings.Layout.A6: Geometry("A6", 105, 148, 105, 148),
    # Four 95 × 135 mm badges (the common badge holder) centred on A4, cut marks outside.
    BadgeSettings.Layout.A4: Geometry("A4", 210, 297, 95, 135, 2, 2, margin_x=10, margin_y=13.5),
}
PADDING = 5  # mm, inside the badge
QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels
DARK_RUN = re.compile(b"[\x01]+")
CUT_MARK = 6  # mm, length of a cut mark
CUT_GAP = 1.5  # mm between a cut mark and the badge


def category_colour(category):
    colour = getattr(category, "badge_colour", None)
    if colour is not None:
        return colour.colour
    return PALETTE[(category.order + category.pk) % len(PALETTE)]


def ink_on(colour):
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""

    def channel(hex_pair):
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


@dataclass
class Card:
    """One badge to print: the person, their QR code, and each text's size and top padding."""

    index: int
    registration: Registration
    token: str
    colour: str
    ink: str
    texts: dict = field(default_factory=dict)
    slot: int = 0


# Sizes on an A6 badge, in mm (heights of the boxes, from top to bottom) and pt; a smaller
# badge scales them all.
DIMENSIONS = {
    "edition_height": 8,
    "dates_height": 4,
    "dates_size": 8,
    "first_name_height": 22,
    "last_name_height": 13,
    "function_height": 10,
    "organisation_height": 13,
    "country_height": 6,
    "country_size": 11,
    "qr": 40,  # with the quiet zone of 4 modules around the code
    "category_height": 11,
}
# Texts that shrink to fit their box: largest size in pt, bold.
FITTED = {
    "edition": (8, False),
    "first_name": (34, True),
    "last_name": (21, False),
    "function": (11, False),
    "organisation": (12, True),
    "category": (16, True),
}


def _dimensions(geometry):
    sizes = {name: value * geometry.scale for name, value in DIMENSIONS.items()}
    # The category's band sits at the bottom of the badge, below what the rest leaves.
    stacked = sum(value for name, value in sizes.items() if name.endswith("_height"))
    sizes["band_gap"] = geometry.height - PADDING * geometry.scale - stacked - sizes["qr"]
    return {name: round(value, 2) for name, value in sizes.items()}


def make_card(index, edition, registration, token, geometry):
    width = geometry.width - 2 * PADDING * geometry.scale
    dimensions = _dimensions(geometry)
    with translation.override(registration.language):
        texts = {
            "edition": edition.title,
            "category": registration.category.name,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "function": registration.function,
            "organisation": registration.organisation,
        }
    fitted = {}
    for name, (largest, bold) in FITTED.items():
        height = dimensions[f"{name}_height"]
        size, lines = fit(texts[name], width, height, largest * geometry.scale, 5, bold)
        # Centred vertically in its box (flex layout would take WeasyPrint ten times longer).
        padding = round(max(height - lines * size * LINE_BOX / PT_PER_MM, 0) / 2, 1)
        fitted[name] = (round(size, 1), padding)
    colour = category_colour(registration.category)
    return Card(index, registration, token, colour, ink_on(colour), fitted)


def _styles(cards):
    """A CSS class for each size and padding of a text, so that WeasyPrint parses each rule
    once rather than an inline style on every element (a third of the rendering time).
    Each card's texts get their class name in place of their (size, padding)."""
    styles = {}
    for card in cards:
        for name, (size, padding) in card.texts.items():
            class_name = f"s{size * 10:.0f}-{padding * 10:.0f}"
            styles[class_name] = (size, padding)
            card.texts[name] = class_name
    return styles


def _place(cards, geometry):
    """Pages of cards, each card with its slot on the page."""
    pages = [cards[i : i + geometry.per_page] for i in range(0, len(cards), geometry.per_page)]
    for page in pages:
        for slot, card in enumerate(page):
            card.slot = slot
    return pages


def _slots(geometry):
    """Position (left, top in mm) of each badge on a page."""
    return [
        (
            geometry.margin_x + column * geometry.width,
            geometry.margin_y + row * geometry.height,
        )
        for row in range(geometry.rows)
        for column in range(geometry.columns)
    ]


def cut_marks(geometry):
    """Lines (left, top, width, height in mm) along every cut, outside the badges."""
    if geometry.per_page == 1:
        return []
    marks = []
    right = geometry.margin_x + geometry.columns * geometry.width
    bottom = geometry.margin_y + geometry.rows * geometry.height
    for column in range(geometry.columns + 1):
        x = geometry.margin_x + column * geometry.width
        marks.append((x, geometry.margin_y - CUT_GAP - CUT_MARK, 0, CUT_MARK))
        marks.append((x, bottom + CUT_GAP, 0, CUT_MARK))
    for row in range(geometry.rows + 1):
        y = geometry.margin_y + row * geometry.height
        marks.append((geometry.margin_x - CUT_GAP - CUT_MARK, y, CUT_MARK, 0))
        marks.append((right + CUT_GAP, y, CUT_MARK, 0))
    return marks


def eligible(edition):
    """People who get a badge: those with a place (confirmed), in alphabetical order."""
    return (
        Registration.objects.filter(edition=edition, status=Registration.Status.CONFIRMED)
        .select_related("category__badge_colour")
        .order_by(Lower("last_name"), Lower("first_name"), "pk")
    )


def batch(edition, *, category=None, not_printed=False, registration_ids=None):
    """The people of a batch: everyone, a category, those without a printed badge, or some."""
    people = eligible(edition)
    if category is not None:
        people = people.filter(category=category)
    if not_printed:
        printed = Badge.objects.filter(
            registration=OuterRef("pk"), revoked_at=None, printed_at__isnull=False
        )
        people = people.filter(~Exists(printed))
    if registration_ids is not None:
        people = people.filter(pk__in=registration_ids)
    return people


def layout_of(edition):
    settings = BadgeSettings.objects.filter(edition=edition).first()
    return settings.layout if settings else BadgeSettings.Layout.A6


def render_badges(edition, cards, layout):
    with _without_cyclic_gc():
        document = badge_document(edition, cards, layout)
        return document.write_pdf(finisher=partial(_draw_qr_codes, cards))


def badge_document(edition, cards, layout):
    """The laid-out WeasyPrint document of the badges (QR codes not drawn yet)."""
    geometry = LAYOUTS[layout]
    context = {
        "edition": edition,
        "geometry": geometry,
        "layout": layout,
        "padding": PADDING * geometry.scale,
        "size": _dimensions(geometry),
        "styles": _styles(cards),
        "colours": {card.colour: card.ink for card in cards},
        "pages": _place(cards, geometry),
        "marks": cut_marks(geometry),
        "slots": _slots(geometry),
        "sheets": geometry.per_page > 1,
        "line_height": LINE_HEIGHT,
    }
    # Labels and dates follow each person's language (set per badge in the template).
    with translation.override("fr"):
        return render_document("onsite/pdf/badges.html", context)


@contextmanager
def _without_cyclic_gc():
    """WeasyPrint builds millions of small objects for 600 badges, and the cyclic garbage
    collector would walk them over and over (a tenth of the time); reference counting still
    frees them, and the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _draw_qr_codes(cards, document, pdf):
    """Draw each QR code as vector squares in its empty box of the laid-out badges.

    WeasyPrint draws SVG paths in Python at about 60 ms a code, so the codes are written
    directly as PDF rectangles, before the page's own content, in the place WeasyPrint gave
    to each `data-qr` box.
    """
    # pydyf lists pages as "number 0 R" triples. WeasyPrint has no public API for the boxes'
    # positions: `_page_box` is read as of the versions pyproject allows (tests decode every
    # code, so a change would show).
    kids = pdf.pages["Kids"]
    for page, number in zip(document.pages, kids[::3], strict=True):
        stream = pydyf.Stream(compress=True)
        stream.push_state()
        stream.set_color_rgb(0, 0, 0)
        for box in page._page_box.descendants(placeholders=True):
            index = box.element.get("data-qr") if box.element is not None else None
            if index is None or box.element_tag != "div":
                continue
            _qr_rectangles(
                stream,
                badge_url(cards[int(index)].token),
                x=box.content_box_x() * PX_TO_PT,
                top=page.height * PX_TO_PT - box.content_box_y() * PX_TO_PT,
                side=box.width * PX_TO_PT,
            )
        stream.fill()
        stream.pop_state()
        pdf.add_object(stream)
        page_dictionary = pdf.objects[number]
        page_dictionary["Contents"] = pydyf.Array([stream.reference, page_dictionary["Contents"]])


def _qr_rectangles(stream, url, x, top, side):
    """A QR code of `url` as rectangles (one per run of dark modules), quiet zone included."""
    # A fixed mask: choosing the best of eight takes longer than laying out the badge, and
    # any mask reads the same.
    qr = segno.make(url, error="m", micro=False, mask=2)
    size = len(qr.matrix)
    module = side / (size + 2 * QUIET_ZONE)
    left = x + QUIET_ZONE * module
    operators = []
    for row_index, row in enumerate(qr.matrix):
        # Slightly taller than a module, so that no hairline shows between rows.
        y = top - (QUIET_ZONE + row_index + 1) * module
        for run in DARK_RUN.finditer(bytes(row)):
            start, end = run.span()
            operators.append(
                f"{left + start * module:.3f} {y:.3f} {(end - start) * module:.3f} "
                f"{module * 1.02:.3f} re"
            )
    stream.stream.append("\n".join(operators))


def print_badges(edition, people, *, actor=None, layout=None, batch_name=""):
    """The PDF of new badges for `people` (registrations of `edition` with a place).

    Each person's previous badge is revoked. Recorded in the audit trail with the batch.
    """
    layout = layout or layout_of(edition)
    people = list(people)
    tokens = [new_token() for _ in people]
    cards = [
        make_card(index, edition, person, token, LAYOUTS[layout])
        for index, (person, token) in enumerate(zip(people, tokens, strict=True))
    ]
    pdf = render_badges(edition, cards, layout)
    with transaction.atomic():
        replace_badges(people, tokens, printed_at=timezone.now())
        record(
            actor,
            "onsite.print_badges",
            edition=edition,
            reason=batch_name,
            count=len(people),
            layout=layout,
        )
    return pdf
