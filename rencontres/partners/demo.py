"""The partners' area of the seed editions, and its copy to new editions.

The invitations name the area ("Espace des Partenaires : networking - animations - rencontres
B2B") and the 2024 program places the honoured country's plenary there; the press release
thanks its exhibitors without naming them. So the demo has the area, its room and its staff
category, and no invented exhibitor, stand or side event: organisers add their own.
"""

from rencontres.editions.domain.next_edition import copy_row
from rencontres.program.demo import PARTNERS_AREA
from rencontres.program.models import Room

from .models import Area

INTRODUCTION = (
    "Espace des Partenaires : networking, animations, rencontres B2B.",
    "Partners' dedicated area: networking, side events, B2B meetings.",
)


def load(editions):
    for number in (15, 16):
        edition = editions.get(number)
        if edition is None or Area.objects.filter(edition=edition).exists():
            continue
        Area.objects.create(
            edition=edition,
            introduction_fr=INTRODUCTION[0],
            introduction_en=INTRODUCTION[1],
            room=Room.objects.filter(edition=edition, name_fr=PARTNERS_AREA[0]).first(),
            staff_category=edition.categories.filter(code="partner").first(),
        )


def copy_to_next_edition(sender, source, target, shift, **kwargs):
    """edition_copied receiver: the area's texts and plan, with the new edition's room and
    category of the same name and code (the program and categories are copied before)."""
    area = Area.objects.filter(edition=source).select_related("room", "staff_category").first()
    if area is None or Area.objects.filter(edition=target).exists():
        return
    room = area.room and Room.objects.filter(edition=target, name_fr=area.room.name_fr).first()
    category = (
        area.staff_category and target.categories.filter(code=area.staff_category.code).first()
    )
    copy_row(area, edition=target, room=room, staff_category=category)
