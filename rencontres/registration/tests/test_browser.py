"""The whole path in a real browser, keyboard only, checked by axe at every step."""

import re

import pytest
from django.urls import reverse

from rencontres.registration.models import Registration


def tab_to(page, selector, limit=80):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_by_keyboard_get_the_mail_open_the_space(
    page, live_server, small_edition, smtp_server, run_worker, settings, axe
):
    settings.SITE_URL = live_server.url
    page.goto(reverse("editions:detail", kwargs={"number": small_edition.number}))
    tab_to(page, "main a.button[href$='/inscription/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("form #id_first_name")
    axe(page)

    tab_to(page, "#id_civility_0")  # a radio group: Tab enters it, arrows choose
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_civility_1").is_checked()
    type_into(page, "#id_first_name", "Amina <b>")
    # The last name is left empty, to meet the error messages.
    type_into(page, "#id_email", "amina.browser@example.org")
    tab_to(page, "#id_category_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_country")
    page.keyboard.type("Maroc")
    type_into(page, "#id_city", "Dakar")
    tab_to(page, "#id_data_consent")
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]:not([name])")
    page.keyboard.press("Enter")

    page.wait_for_selector(".error-summary")
    assert focused_id(page) == "id_last_name"
    assert page.locator("#id_first_name").input_value() == "Amina <b>"
    assert page.locator("#id_last_name").get_attribute("aria-invalid") == "true"
    axe(page)
    page.keyboard.type("Diallo 王")
    tab_to(page, "form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Consultez votre messagerie")
    axe(page)

    run_worker()
    [message] = smtp_server.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    confirm = re.search(r"http://\S+/confirmer/\S+/", text).group(0)
    assert confirm.startswith(live_server.url)
    page.goto(confirm)
    axe(page)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Votre inscription est confirmée.")
    assert "Amina <b> Diallo 王" in page.locator("main").inner_text()
    axe(page)
    registration = Registration.objects.get(email="amina.browser@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.country.code == "MA"

    # The mail that confirms the place carries a link that opens the space in a fresh browser.
    run_worker()
    confirmed = smtp_server.wait_for(2)[1].get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/lien/\S+", confirmed).group(0)
    page.context.clear_cookies()
    page.goto(link)
    page.wait_for_selector(f"text={registration.reference}")
    tab_to(page, "a[href$='/modifier/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_city")
    axe(page)
