"""Mail tests render a small template of their own, through the real mail layouts."""

import pytest


@pytest.fixture(autouse=True)
def mail_templates(settings, tmp_path):
    folder = tmp_path / "comms" / "mail"
    folder.mkdir(parents=True)
    (folder / "test_subject.txt").write_text(
        "{% load i18n %}{% autoescape off %}{% translate 'Hello' %}\n{{ name }}{% endautoescape %}"
    )
    (folder / "test.txt").write_text(
        '{% extends "comms/mail/base.txt" %}{% block content %}Text {{ name }} {{ SITE_URL }}/x{% endblock %}'
    )
    (folder / "test.html").write_text(
        '{% extends "comms/mail/base.html" %}{% block content %}<p>HTML {{ name }}</p>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]},
    ]
