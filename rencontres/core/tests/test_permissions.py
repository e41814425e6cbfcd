"""Every back-office page and action checks a named permission, and each role gets exactly
its pages.

The URLs are read from the admin site and every registered ModelAdmin's `get_urls()`, and
filled with real ids, so that pages other apps add later are walked without touching this
file. A custom view declares what it needs with `rencontres.core.permissions`; a page that
declares nothing fails here.
"""

import datetime
import functools
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import close_stream
from rencontres.audit.log import record
from rencontres.audit.models import ActivityLog
from rencontres.core.roles import ROLES, permissions_for, sync_roles
from rencontres.editions.models import Organiser
from rencontres.testing.factories import team_member

pytestmark = pytest.mark.django_db

# Site pages any staff member may open: the index (Django shows "no permission" on it),
# their own password, the login page (sends a logged-in user to the index), the JavaScript
# catalog, and "view on site" (a redirect to the object's public page). The app index answers
# 404 to those who may see nothing in the app, as Django does. Logout only takes POST.
OPEN_TO_STAFF = {"index", "login", "password_change", "password_change_done", "jsi18n"}
NOT_WALKED = {
    "logout",
    "view_on_site",
    # Needs a field to complete: Django checks the field's model's view permission itself.
    "autocomplete",
    # django-otp's key and QR code of an authenticator: refused to everyone
    # (OTP_ADMIN_HIDE_SENSITIVE_DATA), tested in accounts/tests.
    "otp_totp_totpdevice_config",
    "otp_totp_totpdevice_qrcode",
}
# Values for URL parameters that are not object ids.
PARAMETER_VALUES = {
    "fmt": ["csv", "xlsx"],
    "kind": ["instance", "schedule"],
    "name": ["country"],  # the dashboard's charts
}
# Custom pages of Django's own admins, with the permission they check themselves.
THIRD_PARTY_VIEWS = {"auth_user_password_change": ("auth.change_user",)}
STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history"}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Files the back-office serves (speakers' documents) are written to a throw-away folder."""
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def backoffice(edition, run_worker):
    """At least one object of every kind the back-office shows, on the demonstration edition."""
    from django.core.files.base import ContentFile

    from rencontres.comms.mail import enqueue
    from rencontres.comms.models import Mail
    from rencontres.networking.domain.instance import build_instance
    from rencontres.networking.domain.requests import answer_request, send_request
    from rencontres.networking.domain.scheduling import (
        execute_publication,
        import_schedule,
        request_publication,
    )
    from rencontres.networking.models import SchedulerSettings
    from rencontres.program.domain.signup import assign
    from rencontres.program.models import Session, Speaker, SpeakerDocument, Theme
    from rencontres.registration import notify
    from rencontres.registration.domain import invitations, visa
    from rencontres.registration.models import Delegation, Question, RegistrationSettings
    from rencontres.scheduler import fcfs

    from ...networking.tests.conftest import participant

    call_command("loaddemo_b2b", stdout=io.StringIO())
    SchedulerSettings.objects.update_or_create(edition=edition, defaults={"tables": 3})
    a = participant(edition, "ana.walk@example.org", country="SN")
    b = participant(edition, "bo.walk@example.org")
    answer_request(send_request(a, b), b, accept=True)
    run = import_schedule(edition, fcfs(build_instance(edition)))
    request_publication(run)
    execute_publication(run.pk)
    for session in Session.objects.filter(edition=edition, signup_required=True):
        if assign(session, [b])[0]:
            break
    visa.request_letter(
        a,
        {
            "name_in_passport": "WALK Ana",
            "nationality": "SN",
            "date_of_birth": datetime.date(1980, 5, 17),
            "place_of_birth": "Dakar",
            "passport_number": "A01234567",
            "passport_issued_on": datetime.date(2020, 1, 1),
            "passport_expires_on": edition.end_date + datetime.timedelta(days=400),
            "consulate": "Consulat général de France à Dakar",
            "letter_language": "fr",
        },
    )
    enqueue(notify.send_personal_link(a) or Mail.objects.latest("pk"))  # a task in the queue
    Delegation.objects.create(edition=edition, name="Délégation de test", coordinator=a)
    RegistrationSettings.objects.get_or_create(edition=edition)
    Theme.objects.create(edition=edition, name_fr="Eau", name_en="Water")
    Speaker.objects.create(edition=edition, name="Intervenante de test")
    # The speaker the walk's <pk> takes (example(): the highest id, which on PostgreSQL may be
    # a replayed demo row rather than the one just created).
    speaker = Speaker.objects.order_by("-pk").first()
    SpeakerDocument.objects.create(
        speaker=speaker,
        session=Session.objects.filter(edition=edition).first(),
        title="Diapositives",
        file=ContentFile(b"%PDF-1.4\n", name="slides.pdf"),
    )
    Question.objects.create(edition=edition, label_fr="Question ?", label_en="Question?")
    record(None, "registration.approve", target=a)
    invitations.invite(
        edition,
        actor=None,
        category=a.category,
        email="invitee.walk@example.org",
        first_name="Awa",
        last_name="Invitée",
        language="fr",
        vip=True,
    )
    _onsite_objects(edition, a, b)
    # A staff member's authenticator (rencontres.accounts), listed to delete a lost one.
    TOTPDevice.objects.create(user=User.objects.create_user("otp-walk"), name="authenticator")
    _messaging_objects(edition, a, b)
    _api_objects(edition)
    _partners_objects(edition, a)
    _imports_objects(edition)
    _privacy_objects(edition, b)
    _recognition_objects(edition)
    _organisers_objects(edition)
    return edition


def _api_objects(edition):
    from rencontres.api.domain import tokens, webhooks
    from rencontres.api.models import Webhook

    tokens.create(edition.organiser, name="CRM", scopes=["registrations:read"], actor=None)
    hook = Webhook.objects.create(
        organiser=edition.organiser,
        url="https://example.org/hook",
        events=["registration.created"],
        secret=webhooks.new_secret(),
    )
    webhooks.send_test(hook, None)


def _privacy_objects(edition, person):
    from rencontres.privacy.domain import erasure
    from rencontres.privacy.models import PrivacySettings

    PrivacySettings.objects.create(organiser=edition.organiser)
    erasure.ask(person)  # the consents' texts and history come with every registration


def _organisers_objects(edition):
    from rencontres.organisers.models import PublicSite

    PublicSite.objects.create(organiser=edition.organiser, is_default=True)
    team_member("team-member", edition.organiser, "Programme")


def _onsite_objects(edition, a, b):
    import uuid

    from django.utils import timezone

    from rencontres.onsite.domain.badges import issue_badge
    from rencontres.onsite.models import BadgeSettings, CategoryColour, CheckIn, Device, WalkIn

    BadgeSettings.objects.get_or_create(edition=edition)
    CategoryColour.objects.get_or_create(category=a.category, defaults={"colour": "#1f6feb"})
    badge, _token = issue_badge(a)
    device = Device.objects.create(edition=edition, name="Entrée principale")
    CheckIn.objects.create(
        edition=edition,
        registration=a,
        device=device,
        badge=badge,
        client_id=uuid.uuid4(),
        scanned_at=timezone.now(),
    )
    WalkIn.objects.create(registration=b)


def _messaging_objects(edition, a, b):
    from rencontres.messaging.domain import send
    from rencontres.messaging.domain import survey as survey_domain
    from rencontres.messaging.models import AutomaticMail, Delivery, Message, Survey

    sent = Message.objects.create(
        edition=edition,
        subject_fr="Accès",
        body_fr="Bonjour {first_name}",
        segment={"country": ["SN"]},
    )
    send.send(sent, None)
    send.queue_message.call(sent.pk)  # logs the mails and their deliveries
    assert Delivery.objects.filter(message=sent).exists()
    send.unsubscribe(edition.pk, b.email)
    survey = Survey.objects.create(edition=edition, is_open=True)
    question = survey.questions.create(label_fr="Un commentaire ?", kind="text")
    survey_domain.answer(
        survey, a, overall=4, answers={str(question.pk): "Très bien"}, session_ratings={}
    )
    survey_domain.invitation(survey, None)  # the last message: a draft
    AutomaticMail.objects.create(
        edition=edition,
        key="registration/mail/personal_link",
        subject_fr="Votre lien",
        body_fr="{personal_link}",
    )


def _imports_objects(edition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rencontres.imports.domain.preparing import prepare

    upload = SimpleUploadedFile(
        "liste.csv", b"Prenom;Nom;Courriel;Pays\nAwa;Diop;awa@example.org;SN\n"
    )
    prepare(edition, "Liste de test", upload, actor=None)


def _partners_objects(edition, a):
    from rencontres.partners.models import Area, Lead, PartnerSpace, SideEvent, Stand

    Area.objects.get_or_create(edition=edition)
    space = PartnerSpace.objects.create(
        partner=edition.partners.first(), is_exhibitor=True, contact_email="p@example.org"
    )
    Stand.objects.create(edition=edition, number="A1", x=10, y=10, space=space)
    SideEvent.objects.create(
        space=space,
        title="Démonstration",
        description="Texte",
        format="talk",
        duration=30,
        expected_audience=20,
        language="fr",
        preferred_times="Matin",
    )
    Lead.objects.create(space=space, registration=a)


def _recognition_objects(edition):
    """The demonstration edition has an open call with two applications (demo data); a
    document, a juror and a review come on top."""
    from django.core.files.base import ContentFile

    from rencontres.recognition.models import Document, Juror, LabelCall, Review

    call = LabelCall.objects.get(edition=edition)
    application = call.applications.first()
    Document.objects.create(
        application=application, file=ContentFile(b"%PDF-1.4\n", name="x.pdf"), name="x.pdf"
    )
    juror = Juror.objects.create(call=call, user=User.objects.create_user("juror"))
    Review.objects.create(juror=juror, application=application, comment="Bien")


def staff(name, role=None):
    """A staff account in the first organiser's team (that of every edition here)."""
    return team_member(name, Organiser.objects.order_by("pk").first(), *filter(None, [role]))


def accounts():
    """A staff account without permissions, then one per role."""
    sync_roles()
    return [("no permission", staff("nobody"))] + [
        (role, staff(f"role{number}", role)) for number, role in enumerate(ROLES)
    ]


def example(model):
    objects = model._default_manager.order_by("-pk")
    found = objects.first()
    assert found is not None, f"The test data has no {model._meta.label}: add one to `backoffice`."
    return found


def model_for(parameter, model_admin):
    """The model an `<x>_id` parameter names, by the rule the pages themselves use."""
    from rencontres.organisers.scoping import model_for as named

    home = model_admin.model._meta.app_label if model_admin else None
    model = named(parameter, home)
    assert model is not None, f"Which model is the URL parameter {parameter!r}? Name it <model>_id."
    return model


def parameter_values(name, model_admin):
    if name in ("object_id", "pk", "id"):
        return [example(model_admin.model).pk]
    if name.endswith("_id"):
        return [example(model_for(name, model_admin)).pk]
    if name == "app_label":
        return sorted({m._meta.app_label for m in admin.site._registry})
    assert name in PARAMETER_VALUES, f"Add values for the URL parameter {name!r} to this test."
    return PARAMETER_VALUES[name]


def fillings(pattern, model_admin):
    names = list(getattr(pattern.pattern, "converters", {})) or list(
        pattern.pattern.regex.groupindex
    )
    combos = [{}]
    for name in names:
        combos = [{**c, name: v} for c in combos for v in parameter_values(name, model_admin)]
    return combos


def backoffice_urls():
    """(url, name, view, model_admin) for every named back-office page."""
    patterns = [(p, None) for p in admin.site.get_urls() if isinstance(p, URLPattern)]
    for model_admin in admin.site._registry.values():
        patterns += [(p, model_admin) for p in model_admin.get_urls()]
    for pattern, model_admin in patterns:
        if not pattern.name or pattern.name in NOT_WALKED:
            continue
        for kwargs in fillings(pattern, model_admin):
            url = reverse(f"admin:{pattern.name}", kwargs=kwargs)
            yield url, pattern.name, pattern.callback, model_admin


def standard_view(name, model_admin):
    if model_admin is None:
        return None
    opts = model_admin.model._meta
    view = name.removeprefix(f"{opts.app_label}_{opts.model_name}_")
    return view if view in STANDARD_VIEWS else None


def may_open(user, name, view, model_admin):
    """Whether the user may open the page, from what the page declares."""
    request = RequestFactory().get("/")
    request.user = user
    standard = standard_view(name, model_admin)
    if standard:
        # Django's own views ask the ModelAdmin (some forbid adding or changing for everyone).
        obj = example(model_admin.model) if standard in ("change", "delete", "history") else None
        if standard == "add":
            return model_admin.has_add_permission(request)
        if standard == "delete":
            return model_admin.has_delete_permission(request, obj)
        return model_admin.has_view_or_change_permission(request, obj)
    perms = getattr(view, "required_permissions", None) or THIRD_PARTY_VIEWS.get(name)
    assert perms, (
        f"The back-office page {name} declares no permission: decorate it with "
        "rencontres.core.permissions.permission_required."
    )
    return user.has_perms(perms)


def test_every_backoffice_page_checks_its_permission_for_every_role(backoffice, client):
    users = accounts()
    urls = list(backoffice_urls())
    names = {name for _url, name, _view, _admin in urls}
    # The walk reaches the custom pages of every app, not only Django's.
    assert {
        "registration_registration_export",
        "registration_visarequest_letter",
        "program_attendance_pdf",
        "program_caferound_run",
        "networking_dashboard",
        "networking_move",
        "editions_edition_next",
        "audit_activitylog_changelist",
        "messaging_message_send",
        "messaging_survey_export",
        "messaging_automaticmail_restore",
        "imports_importbatch_progress",
        "imports_duplicates_merge",
        "privacy_register",
        "privacy_retention",
    } <= names
    failures = []
    for role, user in users:
        client.force_login(user)
        user = User.objects.get(pk=user.pk)  # fresh permission cache
        for url, name, view, model_admin in urls:
            response = client.get(url)
            close_stream(response)
            status = response.status_code
            if name == "app_list":
                # Django answers 404 on an app's index to whoever may see nothing in it.
                ok = status == 404 if role == "no permission" else status in (200, 404)
            elif name in OPEN_TO_STAFF or may_open(user, name, view, model_admin):
                ok = status in (200, 302)
            else:
                ok = status == 403
            if not ok:
                failures.append(f"{role}: {url} answered {status}")
    assert not failures, "\n".join(failures)


def test_every_admin_action_checks_its_permission_for_every_role(backoffice, client, monkeypatch):
    """Each action is replaced by a spy (same name and permissions) that notes it was reached,
    so that what is tested is only who gets through."""
    reached = []

    def spy(func, label):
        @functools.wraps(func)
        def action(model_admin, request, queryset):
            reached.append(label)

        return action

    for name, func in list(admin.site.actions):
        monkeypatch.setitem(admin.site._actions, name, spy(func, name))
    failures = []
    checked = set()
    users = accounts()
    for model_admin in admin.site._registry.values():
        opts = model_admin.model._meta
        if not opts.managed:
            continue  # no table, so no rows to act on (the cockpit's Dashboard: pages only)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        obj = example(model_admin.model)
        for action in model_admin._get_base_actions():
            label = f"{opts.label}.{action.name}"
            checked.add(label)
            assert getattr(action.func, "allowed_permissions", None), (
                f"The action {label} declares no permission: "
                "@admin.action(permissions=[...]) with a has_<name>_permission method."
            )
            if hasattr(type(model_admin), action.name):
                monkeypatch.setattr(type(model_admin), action.name, spy(action.func, label))
            elif action.func in (model_admin.actions or []):  # a function, e.g. added by an app
                replaced = [spy(a, label) if a is action.func else a for a in model_admin.actions]
                monkeypatch.setattr(model_admin, "actions", replaced)
            for role, user in users:
                user = User.objects.get(pk=user.pk)
                request = RequestFactory().get("/")
                request.user = user
                needed = []
                for permission in getattr(action.func, "allowed_permissions", ()):
                    check = getattr(model_admin, f"has_{permission}_permission")
                    if permission in ("add", "change", "delete", "view"):
                        needed.append(check(request))  # Django's own rule, as the admin says
                    else:
                        assert getattr(check, "required_permissions", None), (
                            f"{opts.label}: has_{permission}_permission must be made with "
                            "rencontres.core.permissions.has_permission"
                        )
                        needed.append(user.has_perms(check.required_permissions))
                expected = model_admin.has_view_or_change_permission(request) and all(needed)
                reached.clear()
                client.force_login(user)
                client.post(
                    changelist, {"action": action.name, "_selected_action": [obj.pk], "index": "0"}
                )
                if expected != bool(reached):
                    failures.append(
                        f"{role}: action {label} {'refused' if expected else 'allowed'}"
                    )
    assert {"registration.Registration.export_csv", "comms.Mail.send_again"} <= checked
    assert not failures, "\n".join(failures)


def test_roles_are_groups_created_by_migrate_and_kept_up_to_date():
    Group.objects.filter(name__in=ROLES).delete()
    call_command("migrate", verbosity=0)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    assert set(groups) == set(ROLES)

    def codenames(role):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in groups[role].permissions.select_related("content_type")
        }

    full = codenames("Organisateur complet")
    assert {"registration.export_registration", "networking.run_scheduler"} <= full
    assert "auth.change_user" not in full  # accounts stay with the superusers
    desk = codenames("Accueil / inscriptions")
    assert "registration.export_registration" in desk and "program.run_cafes" not in desk
    assert {"program.run_cafes", "program.export_attendance"} <= codenames("Programme")
    assert "registration.export_registration" not in codenames("Programme")
    b2b = codenames("Rencontres B2B")
    assert "networking.publish_schedule" in b2b and "registration.change_registration" not in b2b
    assert {"messaging.send_message", "messaging.export_survey"} <= full
    assert "messaging.send_message" not in desk and "messaging.view_message" in desk
    read_only = codenames("Lecture seule")
    assert read_only and all(name.split(".")[1].startswith("view_") for name in read_only)
    # Run again after a hand-made change: the roles come back to what the code says.
    groups["Lecture seule"].permissions.add(Permission.objects.get(codename="delete_edition"))
    call_command("migrate", verbosity=0)
    assert codenames("Lecture seule") == read_only
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


def test_a_role_may_name_permissions_of_an_app_not_installed_yet():
    found = permissions_for(["nosuch.check_in", "nosuch.*", "program.run_cafes", "program.nope"])
    assert [p.codename for p in found] == ["run_cafes"]


def test_the_audit_trail_is_read_only_for_everyone(backoffice, admin_client):
    entry = ActivityLog.objects.first()
    assert (
        admin_client.get(reverse("admin:audit_activitylog_change", args=[entry.pk])).status_code
        == 200
    )
    for name, args in [("add", []), ("delete", [entry.pk])]:
        url = reverse(f"admin:audit_activitylog_{name}", args=args)
        assert admin_client.get(url).status_code == 403
    response = admin_client.post(
        reverse("admin:audit_activitylog_change", args=[entry.pk]), {"reason": "forged"}
    )
    entry.refresh_from_db()
    assert entry.reason == "" and response.status_code == 403


def test_an_export_is_recorded_with_its_filters(backoffice, client):
    user = staff("desk", "Accueil / inscriptions")
    client.force_login(user)
    url = reverse("admin:registration_registration_export", args=["csv"])
    response = client.get(url, {"edition__id__exact": backoffice.pk})
    assert response.status_code == 200
    entry = ActivityLog.objects.get(action="registration.export")
    assert entry.actor == user and entry.edition == backoffice
    assert entry.data["format"] == "csv" and entry.data["count"] >= 2
    assert f"edition__id__exact={backoffice.pk}" in entry.data["filters"]


def test_pages_offer_only_the_buttons_the_role_may_use(edition, client):
    from rencontres.messaging.models import Message, Survey
    from rencontres.program.models import Session

    sync_roles()
    session = Session.objects.filter(edition=edition).first()
    draft = Message.objects.create(edition=edition, subject_fr="Accès", body_fr="Bonjour")
    survey = Survey.objects.create(edition=edition)
    dashboard = reverse("admin:networking_dashboard", args=[edition.pk])
    pages = {
        "export": (
            reverse("admin:registration_registration_changelist"),
            reverse("admin:registration_registration_export", args=["csv"]),
        ),
        "run": (dashboard, reverse("admin:networking_run_start", args=[edition.pk])),
        "instance": (dashboard, reverse("admin:networking_instance", args=[edition.pk])),
        "attendance": (
            reverse("admin:program_session_change", args=[session.pk]),
            reverse("admin:program_attendance_pdf", args=[session.pk]),
        ),
        "next edition": (
            reverse("admin:editions_edition_change", args=[edition.pk]),
            reverse("admin:editions_edition_next", args=[edition.pk]),
        ),
        "send": (
            reverse("admin:messaging_message_change", args=[draft.pk]),
            reverse("admin:messaging_message_send", args=[draft.pk]),
        ),
        "survey comments": (
            reverse("admin:messaging_survey_change", args=[survey.pk]),
            reverse("admin:messaging_survey_export", args=[survey.pk]),
        ),
        "survey invitation": (
            reverse("admin:messaging_survey_change", args=[survey.pk]),
            reverse("admin:messaging_survey_invite", args=[survey.pk]),
        ),
    }
    for role, hidden in [
        (
            "Lecture seule",
            {
                "export",
                "run",
                "instance",
                "attendance",
                "next edition",
                "send",
                "survey comments",
                "survey invitation",
            },
        ),
        ("Organisateur complet", set()),
    ]:
        client.force_login(staff(f"user-{len(hidden)}", role))
        for name, (url, link) in pages.items():
            shown = link in client.get(url).content.decode()
            assert shown == (name not in hidden), f"{role}: {name}"
