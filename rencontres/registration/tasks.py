"""Tasks of the registration app, run by the worker (`manage.py db_worker`)."""

from django.tasks import task


@task()
def remind_invitation(invitation_id, key):
    """Planned when an invitation goes (and after each reminder): reminds it if still
    unanswered, then plans the next one (see domain.invitations.remind)."""
    from .domain.invitations import remind

    return remind(invitation_id, key)
