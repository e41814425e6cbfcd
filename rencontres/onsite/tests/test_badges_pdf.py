"""Badge PDFs read back as a printer and a phone would: text with pdftotext, QR codes with
zxing-cpp on the rendered pages."""

import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import zxingcpp
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from weasyprint.formatting_structure.boxes import BlockBox

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.onsite.domain.printing import (
    FITTED,
    LAYOUTS,
    badge_document,
    batch,
    make_card,
    print_badges,
)
from rencontres.onsite.models import Badge

pytestmark = pytest.mark.django_db

MIXED = [
    ("Amina", "Diallo", "Maire", "Commune de Dakar", "SN", "fr"),
    ("محمد", "العلي", "رئيس البلدية", "بلدية تونس", "TN", "en"),
    ("小明", "王", "市长", "北京市人民政府外事办公室", "CN", "fr"),
    ("Анна", "Иванова", "Мэр", "Администрация города Казань", "RU", "en"),
    ("Nguyễn Thị", "Phương Thảo", "Phó Chủ tịch", "Ủy ban nhân dân Thành phố Huế", "VN", "fr"),
]


def pdf_text(pdf, layout=True):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdftotext", *(["-layout"] if layout else []), file.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def pdf_fonts(pdf):
    """The fonts embedded in the PDF (pdffonts), without their subset prefix."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        lines = subprocess.run(
            ["pdffonts", file.name], capture_output=True, check=True, text=True
        ).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines}


def pdf_pages(pdf, resolution=100):
    """Each page of the PDF as an image, as a phone's camera would see the printed badge."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "badges.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(resolution), "-png", str(path), str(Path(folder) / "page")],
            check=True,
        )
        return [Image.open(image).copy() for image in sorted(Path(folder).glob("page-*.png"))]


def decoded_urls(pdf):
    return [[result.text for result in zxingcpp.read_barcodes(page)] for page in pdf_pages(pdf)]


def people(edition, rows=MIXED):
    return [
        make_registration(
            edition,
            first_name=first,
            last_name=last,
            function=function,
            organisation=organisation,
            country=country,
            language=language,
        )
        for first, last, function, organisation, country, language in rows
    ]


def desk_user():
    user = User.objects.create_user("desk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    return user


def test_every_qr_code_of_a_pdf_opens_its_person(client, edition, settings):
    settings.SITE_URL = "https://rencontres.example.org"
    registered = people(edition)
    pdf = print_badges(edition, batch(edition), layout="a6")
    pages = decoded_urls(pdf)
    assert len(pages) == len(registered)
    client.force_login(desk_user())
    opened = []
    for urls in pages:
        assert len(urls) == 1 and urls[0].startswith("https://rencontres.example.org/b/")
        response = client.get(urls[0].removeprefix(settings.SITE_URL))
        opened.append(response.context["registration"])
    # Alphabetical by last name, each page opening the person printed on it.
    assert opened == list(batch(edition))
    assert set(opened) == set(registered)
    text = pdf_text(pdf).split("\f")
    for page, person in zip(text, opened, strict=False):
        assert person.first_name in page


def test_a4_sheets_hold_four_badges_each_with_its_own_code(edition):
    people(edition)
    pdf = print_badges(edition, batch(edition), layout="a4")
    pages = decoded_urls(pdf)
    assert [len(urls) for urls in pages] == [4, 1]
    assert len({url for urls in pages for url in urls}) == 5


def test_names_in_every_script_are_printed_as_text_with_labels_in_the_persons_language(
    edition,
):
    people(edition)
    pdf = print_badges(edition, batch(edition))
    text = pdf_text(pdf)
    for first, last, function, organisation, _country, _language in MIXED:
        for value in (first, last, function, organisation):
            # pdftotext may order right-to-left words differently: compare the words.
            assert all(word in text for word in value.split()), value
    # Country and category in French for the French speakers, in English for the others.
    assert "Sénégal" in text and "Chine" in text and "Viêt Nam" in text
    assert "Tunisia" in text and "Russia" in text
    assert "Élu·e local·e" in text and "Local elected representative" in text
    # Real glyphs, not empty boxes: the fonts of each script are embedded (Debian's Noto).
    fonts = pdf_fonts(pdf)
    for family in ("Noto-Sans", "Noto-Sans-Arabic", "Noto-Sans-CJK-SC"):
        assert family in fonts, fonts


def test_a_long_name_shrinks_and_stays_whole_on_its_badge(edition):
    long = {
        "first_name": "Maximiliana-Alexandrina Bérengère Éléonore",
        "last_name": "de la Tour d'Auvergne-Lauraguais-Montmorency-Laval",
        "organisation": "Communauté d'agglomération du Grand Besançon Métropole " * 3,
        "function": "Conseillère municipale déléguée aux relations internationales " * 2,
    }
    make_registration(edition, **long)
    pdf = print_badges(edition, batch(edition))
    pages = pdf_text(pdf, layout=False).strip("\f").split("\f")
    assert len(pages) == 1  # nothing spilled onto another page
    # Lines break between words or after a hyphen (which pdftotext then drops as a
    # hyphenation): compare without spaces and hyphens.
    printed = "".join(pages[0].split()).replace("-", "")
    for value in long.values():
        assert "".join(value.split()).replace("-", "") in printed, value


EXTREMES = {
    "first_name": ["Wolfeschlegelsteinhausenbergerdorff" * 2, "王" * 40, "محمد عبد الرحمن بن " * 5],
    "last_name": ["de la Tour d'Auvergne " * 4, "欧阳" * 30, "Константинопольский" * 4],
    "organisation": ["Ủy ban nhân dân thành phố Hồ Chí Minh " * 5, "北京市人民政府外事办公室" * 8],
    "function": ["Conseillère déléguée " * 9, "رئيس البلدية " * 14],
}


@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_every_text_stays_inside_its_box_whatever_its_length_and_script(edition, layout):
    """The longest values the fields take, in every script: each line of text lies within
    the box of its field, so nothing overlaps, overflows or is cut by the badge's edge."""
    people = [
        make_registration(
            edition, **{field: values[n % len(values)] for field, values in EXTREMES.items()}
        )
        for n in range(3)
    ]
    geometry = LAYOUTS[layout]
    cards = [make_card(n, edition, person, "t" * 24, geometry) for n, person in enumerate(people)]
    document = badge_document(edition, cards, layout)
    checked = 0
    for page in document.pages:
        for box in page._page_box.descendants(placeholders=True):
            classes = (box.element.get("class") or "").split() if box.element is not None else []
            if not isinstance(box, BlockBox) or not set(classes) & set(FITTED):
                continue
            bottom = box.content_box_y() + box.height
            right = box.content_box_x() + box.width
            for line in box.children:
                assert line.position_y + line.height <= bottom + 0.5, (classes, line)
                assert line.position_x + line.width <= right + 0.5, (classes, line)
            checked += 1
    assert checked == 6 * len(people)


def test_the_command_prints_a_category_or_those_not_printed_yet(edition, tmp_path):
    elected = people(edition)
    partner = make_registration(
        edition, first_name="Paul", category=edition.categories.exclude(code="elected").first()
    )
    make_registration(edition, first_name="Attente", status="waiting")
    output = tmp_path / "elected.pdf"
    call_command("badges", edition.number, "-o", str(output), "--category", "elected")
    assert len(decoded_urls(output.read_bytes())) == len(elected)
    assert set(Badge.objects.values_list("registration", flat=True)) == {p.pk for p in elected}

    call_command("badges", str(edition.number), "-o", str(output), "--not-printed")
    text = pdf_text(output.read_bytes())
    assert "Paul" in text and "Amina" not in text and "Attente" not in text
    assert Badge.objects.filter(registration=partner, printed_at__isnull=False).count() == 1
    assert ActivityLog.objects.filter(action="onsite.print_badges").count() == 2

    with pytest.raises(CommandError, match="No category 'nope'"):
        call_command("badges", edition.number, "-o", str(output), "--category", "nope")
    with pytest.raises(CommandError, match="No edition number 999"):
        call_command("badges", 999, "-o", str(output))


def test_a_reprint_makes_the_old_code_stop_opening_the_person(client, edition):
    (amina,) = people(edition, MIXED[:1])
    old_url = decoded_urls(print_badges(edition, [amina]))[0][0]
    new_url = decoded_urls(print_badges(edition, batch(edition, registration_ids=[amina.pk])))[0][0]
    assert old_url != new_url
    client.force_login(desk_user())
    old = client.get(old_url.split("8000", 1)[-1]).context["badge"]
    new = client.get(new_url.split("8000", 1)[-1]).context["badge"]
    assert old.is_live is False and new.is_live is True
    assert list(Badge.objects.filter(registration=amina, revoked_at=None)) == [new]
    # Printed already: the "not printed yet" batch leaves Amina out.
    assert not batch(edition, not_printed=True).filter(pk=amina.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_prints_of_the_same_person_at_once_leave_one_live_badge(edition):
    amina = make_registration(edition, first_name="Amina")

    def print_once(_):
        try:
            return print_badges(edition, batch(edition, registration_ids=[amina.pk]))
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(print_once, range(2)))
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert Badge.objects.filter(registration=amina).count() == 2
    assert Badge.objects.filter(registration=amina, revoked_at=None).count() == 1
