from rencontres.registration.access import login_url_for


def log_in(client, registration, path_name="program:my_sessions"):
    response = client.get(login_url_for(registration, path_name), follow=True)
    assert response.status_code == 200
    return response


def workshops(edition):
    """The demo edition's first block: three parallel sessions that need sign-up."""
    from rencontres.program.models import Session

    sessions = Session.objects.filter(edition=edition, signup_required=True).order_by(
        "start", "order"
    )
    return list(sessions)
