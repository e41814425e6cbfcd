import pytest

from rencontres.partners.models import Area, PartnerSpace
from rencontres.program.models import Room
from rencontres.testing.factories import PartnerFactory


def make_space(edition, name="Agence test", **fields):
    partner = PartnerFactory(edition=edition, name_fr=name, name_en=name)
    defaults = {"contact_email": f"contact@{name.split()[-1].lower()}.example.org"}
    return PartnerSpace.objects.create(partner=partner, **{**defaults, **fields})


@pytest.fixture
def area(small_edition):
    room = Room.objects.get(edition=small_edition, name_fr="Espace des partenaires")
    return Area.objects.create(edition=small_edition, room=room)


@pytest.fixture
def exhibitor(area):
    return make_space(area.edition, "Exposant Alpha", is_exhibitor=True, staff_places=2)


def open_space(client, space):
    """Open the partner's space in this client through its magic link, as a partner does."""
    from django.urls import reverse

    from rencontres.partners.access import make_token

    response = client.get(reverse("partners:magic", kwargs={"token": make_token(space)}))
    assert response.status_code == 302
    return response
