"""The daily retention task: it erases what is due, then queues itself for the next night.

`start()` (from `manage.py bootstrap` and `manage.py retention --start`) queues it once;
a run already waiting is not doubled.
"""

import datetime
import logging

from django.tasks import task
from django.utils import timezone

from .domain import retention

logger = logging.getLogger(__name__)

HOUR = 3  # at night, local time: far from the organisers' day and the mails of the morning


def next_run(now=None):
    now = timezone.localtime(now)
    run = now.replace(hour=HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def start():
    """Queue the daily task unless one is already waiting; True if queued now."""
    from django_tasks_db.models import DBTaskResult

    path = f"{daily_retention.func.__module__}.{daily_retention.func.__qualname__}"
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY").exists()
    if waiting:
        return False
    daily_retention.using(run_after=next_run()).enqueue()
    return True


@task()
def daily_retention():
    try:
        done = retention.apply()
    finally:
        # Queued again even after a failure, so that one bad night does not stop retention.
        daily_retention.using(run_after=next_run()).enqueue()
    logger.info(
        "retention: %s erasures, %s editions",
        len(done.erasures),
        len(done.editions),
    )
    return {"erasures": len(done.erasures), "editions": len(done.editions)}
