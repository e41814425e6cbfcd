"""Two organisers: a member of one (with every role) sees and changes nothing of the other.

Generic on purpose: the back-office URLs and actions are read from the admin site (as in
core/tests/test_permissions.py, whose `backoffice` fixture gives one object of every kind,
all of organiser A), and every other URL of the site from the URL resolver, so that pages of
apps merged later, and the API under /api/v1/, are walked without touching this file.
"""

import functools
import types

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rencontres.core.roles import ROLES
from rencontres.core.tests.test_permissions import backoffice, backoffice_urls  # noqa: F401
from rencontres.editions.models import Edition
from rencontres.organisers import scoping
from rencontres.registration.models import Registration
from rencontres.testing.factories import (
    OrganiserFactory,
    RegistrationFactory,
    small_edition,
    team_member,
)

pytestmark = pytest.mark.django_db

# Django answers a change, delete or history page of an object it cannot find by a redirect
# to the admin's index ("… does not exist"): as good as a 404.
HIDDEN = {403, 404}


@pytest.fixture
def two(backoffice):  # noqa: F811
    from rencontres.onsite.domain.badges import issue_badge
    from rencontres.program.models import Speaker

    ours = OrganiserFactory(name_fr="Réseau B", name_en="Network B", short_name="RB")
    edition = small_edition(organiser=ours)
    RegistrationFactory(edition=edition, email="b.member.side@example.net")
    people = Registration.objects.filter(edition=backoffice)
    _badge, token = issue_badge(people.first())
    canaries = {r.email for r in people} | {
        Speaker.objects.filter(edition=backoffice).first().name,
        str(backoffice),
    }
    return types.SimpleNamespace(
        theirs=backoffice,
        ours=edition,
        member=team_member("member-b", ours, *ROLES),
        canaries=canaries,
        token=token,
    )


def leaks(response, canaries):
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return sorted(canary for canary in canaries if canary in text)


def shared_page(url_name, model_admin):
    """A standard page of a model every organiser shares (venues, B2B themes, accounts)."""
    return (
        model_admin is not None
        and not scoping.is_scoped(model_admin.model)
        and (scoping.rule_for(model_admin.model) == scoping.SHARED)
        and url_name.startswith(
            f"{model_admin.model._meta.app_label}_{model_admin.model._meta.model_name}_"
        )
    )


def names_an_object(url_name, model_admin):
    """Whether the page is about one object (an id in its URL)."""
    pattern = next(
        p
        for p in [*admin.site.get_urls(), *(model_admin.get_urls() if model_admin else [])]
        if isinstance(p, URLPattern) and p.name == url_name
    )
    names = list(getattr(pattern.pattern, "converters", {})) or list(
        pattern.pattern.regex.groupindex
    )
    return any(n in ("object_id", "pk", "id") or n.endswith("_id") for n in names)


def test_a_member_of_one_organiser_sees_nothing_of_the_others_backoffice(two, client, monkeypatch):
    from rencontres.core.tests import test_permissions

    original = test_permissions.example

    def theirs(model):
        if not scoping.is_scoped(model):
            return original(model)
        return _theirs(model, two.theirs.organiser_id)

    # Every URL is filled with the other organiser's objects (shared ones stay shared).
    monkeypatch.setattr(test_permissions, "example", theirs)
    client.force_login(two.member)
    failures = []
    walked = 0
    for url, name, _view, model_admin in backoffice_urls():
        response = client.get(url)
        walked += 1
        if names_an_object(name, model_admin) and not shared_page(name, model_admin):
            hidden = response.status_code in HIDDEN or (
                response.status_code == 302 and response.url == reverse("admin:index")
            )
            if not hidden:
                failures.append(f"{url} answered {response.status_code}")
        elif response.status_code == 200 and leaks(response, two.canaries):
            failures.append(f"{url} shows {leaks(response, two.canaries)}")
    assert walked > 100
    assert not failures, "\n".join(failures)


def test_the_member_sees_its_own_organisers_pages(two, client, admin_client):
    """The walk above is not passed by hiding everything: the member's own edition opens,
    and a superuser sees the other organiser's people."""
    client.force_login(two.member)
    mine = reverse("admin:editions_edition_change", args=[two.ours.pk])
    assert client.get(mine).status_code == 200
    # Its organiser, yes; a new organiser (it would be in no team) or deleting one, no.
    organiser = reverse("admin:editions_organiser_change", args=[two.ours.organiser_id])
    assert client.get(organiser).status_code == 200
    assert client.get(reverse("admin:editions_organiser_add")).status_code == 403
    delete = reverse("admin:editions_organiser_delete", args=[two.ours.organiser_id])
    assert client.get(delete).status_code == 403
    listing = client.get(reverse("admin:registration_registration_changelist"))
    assert "b.member.side@example.net" in listing.content.decode()
    assert not leaks(listing, two.canaries)
    everyone = admin_client.get(reverse("admin:registration_registration_changelist"))
    assert leaks(everyone, two.canaries)
    # The edition filter and the edition field offer only the member's own editions.
    add = client.get(reverse("admin:registration_registration_add")).content.decode()
    assert str(two.ours.pk) in add and f'value="{two.theirs.pk}"' not in add
    assert f"edition__id__exact={two.theirs.pk}" not in listing.content.decode()


def test_no_action_reaches_the_other_organisers_rows(two, client, monkeypatch):
    reached = {}

    def spy(func, label):
        @functools.wraps(func)
        def action(model_admin, request, queryset):
            reached[label] = {scoping.organiser_of(obj) for obj in queryset}

        return action

    for name, func in list(admin.site.actions):
        monkeypatch.setitem(admin.site._actions, name, spy(func, name))
    client.force_login(two.member)
    theirs = two.theirs.organiser_id
    failures = []
    for model_admin in admin.site._registry.values():
        opts = model_admin.model._meta
        if not opts.managed or not scoping.is_scoped(model_admin.model):
            continue
        obj = _theirs(model_admin.model, theirs)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for action in model_admin._get_base_actions():
            label = f"{opts.label}.{action.name}"
            if hasattr(type(model_admin), action.name):
                monkeypatch.setattr(type(model_admin), action.name, spy(action.func, label))
            elif action.func in (model_admin.actions or []):
                replaced = [spy(a, label) if a is action.func else a for a in model_admin.actions]
                monkeypatch.setattr(model_admin, "actions", replaced)
            reached.pop(label, None)
            reached.pop(action.name, None)
            client.post(
                changelist, {"action": action.name, "_selected_action": [obj.pk], "index": "0"}
            )
            got = reached.get(label, reached.get(action.name, set()))
            if theirs in got:
                failures.append(f"action {label} reached the other organiser's row")
    assert not failures, "\n".join(failures)


def _theirs(model, organiser_id):
    rows = model._default_manager.order_by("-pk")
    found = next((obj for obj in rows if scoping.organiser_of(obj) == organiser_id), None)
    assert found is not None, f"No {model._meta.label} of the other organiser to act on."
    return found


def site_urls(resolver=None, namespaces=()):
    """(pattern, its full name) for every named URL of the site outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from site_urls(pattern, inner)
        elif pattern.name:
            yield pattern, ":".join((*namespaces, pattern.name))


def test_other_pages_show_a_member_no_more_of_the_other_organiser_than_a_visitor(two, client):
    """Outside the admin (on-site staff pages, the public site, the API), a member of the
    other organiser is told nothing an anonymous visitor is not."""
    from django.test import Client

    values = {
        "number": two.theirs.number,
        "token": two.token,
    }
    visitor = Client()
    client.force_login(two.member)
    failures = []
    walked = 0
    for pattern, full in site_urls():
        names = list(getattr(pattern.pattern, "converters", {})) or list(
            pattern.pattern.regex.groupindex
        )
        kwargs = {}
        for name in names:
            if name in values:
                kwargs[name] = values[name]
            elif name.endswith("_id") and (model := scoping.model_for(name)):
                kwargs[name] = _theirs(model, two.theirs.organiser_id).pk
        if len(kwargs) != len(names):
            continue  # a participant's own secret (a link's key): nothing staff-specific
        url = reverse(full, kwargs=kwargs)
        walked += 1
        seen = leaks(client.get(url), two.canaries)
        public = leaks(visitor.get(url), two.canaries)
        if set(seen) - set(public):
            failures.append(f"{url} shows {sorted(set(seen) - set(public))}")
    assert walked > 20
    assert not failures, "\n".join(failures)


def test_staff_preview_only_their_own_organisers_drafts(two, client, admin_client):
    draft = small_edition(organiser=two.theirs.organiser, status=Edition.Status.DRAFT)
    mine = small_edition(organiser=two.ours.organiser, status=Edition.Status.DRAFT)
    client.force_login(two.member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(two.theirs.get_absolute_url()).status_code == 200  # published: public
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
