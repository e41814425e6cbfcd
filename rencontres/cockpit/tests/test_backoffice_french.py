"""Every page of the back-office, rendered as a superuser over the demo data, reads as
French: no English model or field name, no developer's jargon, French typography."""

import contextlib
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from rencontres.comms.models import Mail
from rencontres.program.models import Session

pytestmark = pytest.mark.django_db

# Django's own catalog writes the theme switch with a plain space; it is read only by
# screen readers and cannot be overridden from an app listed after django.contrib.admin.
IGNORED = re.compile(r"Changer de thème \(actuellement : \w+\)")
FORBIDDEN = [
    "Task Result",
    "instance",
    "borne",
    "Reference",
    "Waiting position",
    "registration/mail/",
    "networking/mail/",
]


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "select", "textarea"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "select", "textarea"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def admin_urls(request):
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        suffixes = ["changelist"] + (["add"] if model_admin.has_add_permission(request) else [])
        for suffix in suffixes:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{suffix}"))
        if opts.managed and (obj := model.objects.order_by("pk").first()):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return urls


def test_every_back_office_page_reads_as_french(client, demo, django_user_model):
    call_command("loaddemo_b2b", stdout=io.StringIO())
    edition = next(e for e in demo.values() if e.is_demo)
    Mail.objects.create(
        to="a@example.org",
        subject="Votre demande a été acceptée",
        body_text="…",
        language="fr",
        template="networking/mail/request_accepted",
        edition=edition,
    )
    user = django_user_model.objects.create_superuser("o", "o@example.org", "pw")
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = admin_urls(request) + [
        reverse("admin:cockpit_dashboard", args=[edition.pk]),
        reverse("admin:cockpit_needs", args=[edition.pk]),
        reverse("admin:networking_dashboard", args=[edition.pk]),
    ]
    # The organisers' own texts (titles from the seed documents) are theirs to write.
    content = sorted({s.title for s in Session.objects.all()}, key=len, reverse=True)
    problems = []
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        parser = VisibleText()
        parser.feed(response.content.decode())
        for text in parser.parts:
            text = IGNORED.sub("", text)
            for title in content:
                text = text.replace(title, "")
            if re.search(r" [:;](\s|$)", text):
                problems.append((url, "plain space before : or ;", text))
            problems += [(url, word, text) for word in FORBIDDEN if word in text]
    assert not problems, "\n".join(map(str, problems[:30]))
    log = client.get(reverse("admin:comms_mail_changelist")).content.decode()
    assert "Demande de rencontre acceptée" in log


@pytest.mark.parametrize(
    ("model", "action", "expected"),
    [
        ("editions.Edition", "change", "Modification de l’édition"),
        ("program.Session", "add", "Ajout d’une session"),
        ("editions.Venue", "change", "Modification du lieu"),
        ("networking.SchedulerSettings", "change", "Modification des réglages B2B"),
        ("comms.Mail", "view", "Consultation du courriel"),
        ("auth.Permission", "change", "Modification\u00a0: permission"),
    ],
)
def test_titles_are_elided_and_gendered(model, action, expected):
    from django.apps import apps

    from rencontres.cockpit.french import title

    assert title(action, apps.get_model(model)._meta) == expected


def test_change_and_list_pages_have_french_titles(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("o", "o@example.org", "pw"))
    edition = demo[15]
    page = client.get(reverse("admin:editions_edition_change", args=[edition.pk])).content.decode()
    assert "<h1>Modification de l’édition</h1>" in page
    assert (
        "<h1>Courriels</h1>" in client.get(reverse("admin:comms_mail_changelist")).content.decode()
    )


def test_permissions_read_as_french(client, db, django_user_model):
    from django.contrib.auth.models import Permission

    client.force_login(django_user_model.objects.create_superuser("o", "o@example.org", "pw"))
    view = Permission.objects.get(codename="view_edition")
    assert str(view) == "Éditions | Peut voir des éditions"
    dashboard = Permission.objects.get(codename="view_dashboard")
    assert str(dashboard) == (
        "Tableau de bord et presse | Peut voir le tableau de bord d’une édition et télécharger "
        "ses chiffres"
    )
    page = client.get(reverse("admin:auth_group_add")).content.decode()
    assert "Peut modifier des inscriptions" in page and "Can change" not in page
