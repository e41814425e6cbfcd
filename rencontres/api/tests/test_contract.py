"""Every endpoint's answers match the OpenAPI schema that /api/v1/openapi.json publishes (the
schema acceptance checks and integrators read): a field renamed in code but not in the schema,
or the reverse, fails here."""

import re
import uuid

import pytest
from jsonschema import Draft202012Validator

from conftest import make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def check(spec, path, method, response):
    schema = spec["paths"][path][method]["responses"][str(response.status_code)]
    body = schema["content"]["application/json"]["schema"]
    Draft202012Validator({**body, "components": spec["components"]}).validate(response.json())


def test_every_read_matches_its_schema(client, spec, small_edition, auth):
    make_registration(small_edition, country="SN")
    values = {"number": small_edition.number}
    person = small_edition.registrations.first()
    values["registration_id"] = person.pk
    checked = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
        response = client.get(url, **auth)
        assert response.status_code == 200, (path, response.content)
        check(spec, path, "get", response)
        checked.append(path)
    assert len(checked) >= 10  # editions, program, partners, registrations, Cafés, B2B, mails…


def test_writes_and_errors_match_their_schema(client, spec, small_edition, auth):
    base = "/api/v1/editions/{number}/registrations"
    url = base.replace("{number}", str(small_edition.number))
    body = {
        "first_name": "Awa",
        "last_name": "Ndiaye",
        "email": "awa@example.org",
        "country": "SN",
        "category": "elected",
    }
    created = client.post(url, body, content_type="application/json", **auth)
    check(spec, base, "post", created)
    invalid = client.post(url, {"x": 1}, content_type="application/json", **auth)
    assert invalid.status_code == 422
    check(spec, base, "post", invalid)
    scan = {"registration": created.json()["id"], "client_id": str(uuid.uuid4())}
    path = "/api/v1/editions/{number}/checkins"
    answer = client.post(
        path.replace("{number}", str(small_edition.number)),
        scan,
        content_type="application/json",
        **auth,
    )
    check(spec, path, "post", answer)


def test_the_documentation_is_served_by_the_platform(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/openapi.json" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources  # no CDN
    for source in sources:
        response = client.get(source)
        assert response.status_code == 200, source
        response.close()  # static files are streamed
