"""The API as an integration uses it: public reads, tokens and their permissions, writes
through the domain rules, pagination, ETags, errors in the caller's language."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from conftest import make_registration
from rencontres.api.domain import tokens
from rencontres.api.models import ApiToken, Scope
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.editions.models import Edition
from rencontres.onsite.models import CheckIn
from rencontres.registration.models import Registration

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def errors(response):
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def test_public_reads_need_no_token_and_show_only_published_editions(client, small_edition):
    draft = Edition.objects.create(
        organiser=small_edition.organiser,
        number=99,
        title="Brouillon",
        start_date=datetime.date(2030, 1, 1),
        end_date=datetime.date(2030, 1, 2),
    )
    numbers = [e["number"] for e in client.get(f"{V1}/editions").json()["results"]]
    assert small_edition.number in numbers and draft.number not in numbers
    sessions = client.get(f"{V1}/editions/{small_edition.number}/sessions").json()
    assert sessions["count"] == small_edition.sessions.count() > 0
    assert {"title", "start", "room", "speakers"} <= set(sessions["results"][0])
    response = client.get(f"{V1}/editions/99/sessions")
    assert response.status_code == 404 and errors(response) == [(None, "not_found")]


def test_tokens_missing_unknown_revoked_expired_or_of_another_organiser(
    client, small_edition, api_token, other_organiser
):
    url = f"{V1}/editions/{small_edition.number}/registrations"
    token, key = api_token
    assert client.get(url).status_code == 401
    response = client.get(url, HTTP_AUTHORIZATION="Bearer rct_nonsense")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert "jeton" in response.json()["errors"][0]["message"]  # French by default
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    tokens.revoke(token, None)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    _, theirs = tokens.create(
        other_organiser, name="Autre", scopes=[Scope.READ_REGISTRATIONS], actor=None
    )
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {theirs}")
    assert response.status_code == 404  # another organiser's edition does not exist for them


def test_a_token_without_the_permission_is_refused_in_the_callers_language(client, small_edition):
    _, key = tokens.create(
        small_edition.organiser, name="Lecture", scopes=[Scope.READ_B2B], actor=None
    )
    url = f"{V1}/editions/{small_edition.number}/registrations"
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and errors(response) == [(None, "forbidden")]
    assert "does not have the permission" in response.json()["errors"][0]["message"]
    body = {
        "first_name": "A",
        "last_name": "B",
        "email": "a@example.org",
        "country": "FR",
        "category": "elected",
    }
    response = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 403 and "permission" in response.json()["errors"][0]["message"]


def test_registrations_filtered_paginated_in_a_stable_order_with_etags(client, small_edition, auth):
    people = [make_registration(small_edition, country="SN") for _ in range(5)]
    make_registration(small_edition, country="FR")
    url = f"{V1}/editions/{small_edition.number}/registrations"
    first = client.get(url, {"country": "sn", "page_size": 2}, **auth).json()
    assert first["count"] == 5 and first["pages"] == 3
    assert [r["id"] for r in first["results"]] == [p.pk for p in people[:2]]
    assert first["next"].startswith("http://") and "page=2" in first["next"]
    third = client.get(url, {"country": "SN", "page_size": 2, "page": 3}, **auth).json()
    assert [r["id"] for r in third["results"]] == [people[4].pk] and third["next"] is None
    response = client.get(url, {"page": 9}, **auth)
    assert response.status_code == 422 and errors(response) == [("page", "page_out_of_range")]

    since = people[2].modified.isoformat()
    Registration.objects.filter(pk=people[3].pk).update(
        modified=timezone.now() + datetime.timedelta(seconds=5)
    )
    changed = client.get(url, {"updated_since": since}, **auth).json()["results"]
    assert people[3].pk in [r["id"] for r in changed] and people[0].pk not in [
        r["id"] for r in changed
    ]
    response = client.get(url, {"updated_since": "hier"}, **auth)
    assert errors(response) == [("updated_since", "datetime_parsing")]

    listing = client.get(url, **auth)
    assert client.get(url, HTTP_IF_NONE_MATCH=listing["ETag"], **auth).status_code == 304
    make_registration(small_edition)
    assert client.get(url, HTTP_IF_NONE_MATCH=listing["ETag"], **auth).status_code == 200


def test_creating_a_registration_follows_the_forms_rules(client, small_edition, auth):
    url = f"{V1}/editions/{small_edition.number}/registrations"
    data = {
        "first_name": "Awa",
        "last_name": "Ndiaye",
        "email": "Awa.Ndiaye@example.org",
        "country": "sn",
        "category": "elected",
        "language": "en",
    }
    response = client.post(url, data, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["email"] == "awa.ndiaye@example.org" and created["country"] == "SN"
    assert created["status"] in ("confirmed", "waiting")
    assert Mail.objects.filter(to="awa.ndiaye@example.org").exists()
    assert ActivityLog.objects.filter(action="api.registration_created").exists()
    again = client.post(url, data, content_type="application/json", **auth)
    assert again.status_code == 200 and again.json()["id"] == created["id"]


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ('{"first_name": "A"', 400, [(None, "malformed_json")]),
        (
            {
                "first_name": "A",
                "last_name": "B",
                "email": "x@example.org",
                "country": "FR",
                "category": "elected",
                "badge_colour": "red",
            },
            422,
            [("badge_colour", "extra_forbidden")],
        ),
        (
            {
                "first_name": "A",
                "last_name": "B",
                "email": "pas une adresse",
                "country": "FR",
                "category": "elected",
            },
            422,
            [("email", "value_error")],
        ),
        (
            {
                "first_name": 12,
                "last_name": "B",
                "email": "x@example.org",
                "country": "FR",
                "category": "elected",
            },
            422,
            [("first_name", "string_type")],
        ),
        (
            {"last_name": "B", "email": "x@example.org", "country": "FR", "category": "elected"},
            422,
            [("first_name", "missing")],
        ),
        (
            {
                "first_name": "A",
                "last_name": "B",
                "email": "x@example.org",
                "country": "XX",
                "category": "elected",
            },
            422,
            [("country", "unknown_country")],
        ),
        (
            {
                "first_name": "A",
                "last_name": "B",
                "email": "x@example.org",
                "country": "FR",
                "category": "ministres",
            },
            422,
            [("category", "unknown_category")],
        ),
    ],
)
def test_bad_input_gets_a_clear_json_error_and_writes_nothing(
    client, small_edition, auth, body, status, expected
):
    url = f"{V1}/editions/{small_edition.number}/registrations"
    payload = body if isinstance(body, str) else json.dumps(body)
    response = client.post(url, payload, content_type="application/json", **auth)
    assert response.status_code == status, response.content
    assert errors(response) == expected
    assert all(e["message"] for e in response.json()["errors"])
    assert not Registration.objects.exists() and not Mail.objects.exists()


def test_a_huge_body_is_refused_before_being_read(client, small_edition, auth):
    url = f"{V1}/editions/{small_edition.number}/registrations"
    huge = json.dumps({"first_name": "A" * (1024 * 1024)})
    response = client.post(url, huge, content_type="application/json", **auth)
    assert response.status_code == 413 and errors(response) == [(None, "too_large")]


def test_changing_and_cancelling_go_through_the_domain(client, small_edition, auth):
    person = make_registration(small_edition)
    url = f"{V1}/editions/{small_edition.number}/registrations/{person.pk}"
    response = client.patch(url, {"function": "Maire"}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["function"] == "Maire"
    response = client.patch(url, {"status": "confirmed"}, content_type="application/json", **auth)
    assert errors(response) == [("status", "extra_forbidden")]
    response = client.post(
        f"{url}/cancel", {"reason": "Doublon CRM"}, content_type="application/json", **auth
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert ActivityLog.objects.get(action="registration.cancel").reason == "Doublon CRM"


def test_check_ins_are_recorded_once_per_scan(client, small_edition, auth):
    person = make_registration(small_edition)
    url = f"{V1}/editions/{small_edition.number}/checkins"
    scan = {"registration": person.pk, "client_id": str(uuid.uuid4())}
    first = client.post(url, scan, content_type="application/json", **auth).json()
    again = client.post(url, scan, content_type="application/json", **auth).json()
    assert first["outcome"] == again["outcome"] == "welcome"
    assert CheckIn.objects.filter(registration=person).count() == 1
    response = client.post(
        url, {"client_id": str(uuid.uuid4())}, content_type="application/json", **auth
    )
    assert errors(response) == [("registration", "required")]


def test_each_token_has_its_rate_limit(client, small_edition, auth, settings):
    settings.API_RATE_PER_TOKEN = "3/m"
    url = f"{V1}/editions/{small_edition.number}/categories"
    statuses = [client.get(url, **auth).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    response = client.get(url, **auth)
    assert errors(response) == [(None, "too_many_requests")] and int(response["Retry-After"]) > 0


def test_a_token_sees_nothing_of_another_organiser_on_any_endpoint(
    client, small_edition, other_organiser
):
    """Walks every endpoint of the published schema that needs a token, with a token of
    another organiser and a valid body: every one answers 404, and nothing is written."""
    person = make_registration(small_edition)
    _, theirs = tokens.create(
        other_organiser, name="Autre réseau", scopes=[s.value for s in Scope], actor=None
    )
    bodies = {
        ("post", "registrations"): {
            "first_name": "Eve",
            "last_name": "Intruse",
            "email": "eve@example.org",
            "country": "FR",
            "category": "elected",
        },
        ("patch", "{registration_id}"): {"function": "Intruse"},
        ("post", "cancel"): {"reason": "Intrusion"},
        ("post", "checkins"): {"registration": person.pk, "client_id": str(uuid.uuid4())},
    }
    spec = client.get(f"{V1}/openapi.json").json()
    walked = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                continue  # public
            url = path.replace("{number}", str(small_edition.number))
            url = url.replace("{registration_id}", str(person.pk))
            body = bodies.get((method, path.rsplit("/", 1)[-1]), {})
            response = getattr(client, method)(
                url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {theirs}"
            )
            assert response.status_code == 404, (method, path, response.content)
            walked.append((method, path))
    person.refresh_from_db()
    assert len(walked) == 11, walked
    assert person.status == "confirmed" and person.function == ""
    assert not CheckIn.objects.exists() and Registration.objects.count() == 1
