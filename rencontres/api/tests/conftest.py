import pytest

from rencontres.api.domain import tokens
from rencontres.api.models import Scope
from rencontres.editions.models import Organiser

ALL = [scope.value for scope in Scope]


@pytest.fixture
def api_token(small_edition):
    """(token, key) with every permission, of the small edition's organiser."""
    return tokens.create(small_edition.organiser, name="CRM", scopes=ALL, actor=None)


@pytest.fixture
def auth(api_token):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token[1]}"}


@pytest.fixture
def other_organiser(db):
    return Organiser.objects.create(name="Réseau régional de démonstration")
