"""The program grid's session cards: a template, cached per card until the next edit, and a
fixed number of queries whatever the number of sessions."""

import datetime

import pytest
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from rencontres.program.models import Session, SessionSpeaker, Speaker
from rencontres.testing.factories import SessionFactory


def day_url(edition, day, language="fr"):
    with translation.override(language):
        return reverse("program:day", kwargs={"number": edition.number, "day": day.isoformat()})


def test_templates_are_compiled_once_per_process():
    # Django's default loaders, cached: no `loaders` option in settings may turn it off.
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


@pytest.mark.django_db
def test_program_day_in_four_queries_whatever_the_number_of_sessions(
    client, small_edition, django_assert_num_queries
):
    first_day = small_edition.start_date
    with django_assert_num_queries(4):  # edition, sessions with rooms, themes, speakers
        page = client.get(day_url(small_edition, first_day))
    assert page.content.decode().count('class="session-card') == 11
    room = small_edition.rooms.first()
    for number in range(12):
        session = SessionFactory(
            edition=small_edition, day=1, room=room, title_fr=f"Ajout {number}"
        )
        speaker = Speaker.objects.create(edition=small_edition, name=f"Intervenant {number}")
        SessionSpeaker.objects.create(session=session, speaker=speaker)
    with django_assert_num_queries(4):
        page = client.get(day_url(small_edition, first_day))
    assert page.content.decode().count('class="session-card') == 23


@pytest.mark.django_db
def test_a_card_is_rendered_once_until_the_next_edit(client, small_edition):
    # A personal visit skips the page cache: what it shows comes from the cards' cache.
    client.cookies["messages"] = "pending"
    workshop = small_edition.sessions.get(title_fr="Atelier thématique 2")
    url = day_url(small_edition, small_edition.start_date)
    assert "Atelier thématique 2" in client.get(url).content.decode()
    # Changed behind the platform's back (no signal, so no new generation): the card stays.
    Session.objects.filter(pk=workshop.pk).update(title_fr="Titre changé")
    assert "Atelier thématique 2" in client.get(url).content.decode()
    # An edit through the platform starts a new generation: the card is rendered again.
    workshop.refresh_from_db()
    workshop.save()
    body = client.get(url).content.decode()
    assert "Titre changé" in body and "Atelier thématique 2" not in body
    # Each language has its own cards.
    english = client.get(day_url(small_edition, small_edition.start_date, "en")).content.decode()
    assert "Thematic workshop 2" in english and "Titre changé" not in english


@pytest.mark.django_db
def test_card_markup_escapes_and_marks_a_fallback_language(client, small_edition):
    room = small_edition.rooms.get(order=1)
    session = SessionFactory(
        edition=small_edition,
        day=1,
        hours=("09:00", "10:30"),
        room=room,
        kind=Session.Kind.WORKSHOP,
        title_fr="<b>Villes</b> & climat",
        title_en="",
        language=Session.Language.INTERPRETATION,
        signup_required=True,
    )
    for name in ("Ana <Ruiz>", "Li Wei"):
        speaker = Speaker.objects.create(edition=small_edition, name=name)
        SessionSpeaker.objects.create(session=session, speaker=speaker)
    body = client.get(day_url(small_edition, small_edition.start_date, "en")).content.decode()
    with translation.override("en"):
        link = reverse(
            "program:session", kwargs={"number": small_edition.number, "session_id": session.pk}
        )
    card = body[body.index(f'aria-labelledby="session-{session.pk}"') :]
    card = card[: card.index("</article>")]
    assert '<p class="session-kind">Thematic workshop</p>' in card
    # No English title: the French one, escaped, in an element that says it is French.
    assert (
        f'<h4 id="session-{session.pk}"><a href="{link}">'
        '<span lang="fr">&lt;b&gt;Villes&lt;/b&gt; &amp; climat</span></a></h4>'
    ) in card
    assert (
        '<p class="session-meta">9 a.m.–10:30 a.m. · Room 1 · French and English, with '
        "interpretation · <strong>Sign-up required</strong></p>"
    ) in card
    assert '<p class="session-speakers">Ana &lt;Ruiz&gt;, Li Wei</p>' in card


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_filters_the_grid_in_a_browser(page, small_edition, axe):
    page.goto(day_url(small_edition, small_edition.start_date + datetime.timedelta(days=1)))
    assert page.locator(".session-card").count() == 7
    page.get_by_label("Type").select_option(label="Café des Rencontres")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("4 sessions de ce jour sont masquées par les filtres.").wait_for()
    assert page.locator(".session-card").count() == 3
    # The filter keeps its value, and its cards are the ones of the cache's first render.
    expect(page.get_by_label("Type")).to_have_value("cafe")
    expect(page.locator(".session-card").first).to_contain_text("Café des Rencontres 1")
    axe(page)


@pytest.mark.django_db
def test_session_page_reads_only_what_it_shows_in_three_queries(
    client, small_edition, django_assert_num_queries
):
    # Texts in French only, read on the English page: the fallbacks come in the same rows
    # (a deferred column would cost a query each).
    session = SessionFactory(
        edition=small_edition,
        day=1,
        room=small_edition.rooms.get(order=1),
        title_fr="Villes et climat",
        title_en="",
        description_fr="Une description.",
        description_en="",
    )
    session.themes.add(small_edition.themes.create(name_fr="Climat", name_en=""))
    speaker = Speaker.objects.create(
        edition=small_edition, name="Ana Ruiz", function_fr="Maire", function_en=""
    )
    SessionSpeaker.objects.create(session=session, speaker=speaker)
    with translation.override("en"):
        url = reverse(
            "program:session", kwargs={"number": small_edition.number, "session_id": session.pk}
        )
    with django_assert_num_queries(3):  # session with room, edition and venue; themes; speakers
        body = client.get(url).content.decode()
    for text in ("Villes et climat", "Une description.", "Climat", "Ana Ruiz", "Maire", "Room 1"):
        assert text in body
    assert small_edition.venue.name in body
    # An edition's draft is only for staff.
    small_edition.status = small_edition.Status.DRAFT
    small_edition.save()
    assert client.get(url).status_code == 404
