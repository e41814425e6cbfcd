from django.tasks import task

# Runs can take minutes: they have their own queue and worker (see settings.TASKS).
LONG = "long"


@task(queue_name=LONG)
def run_scheduler(run_id):
    """Background run of the B2B scheduler (worker: `manage.py db_worker`)."""
    from .domain.scheduling import execute_run

    return execute_run(run_id)


@task(queue_name=LONG)
def publish_schedule(run_id):
    """Background publication of a run: meetings, then the mails (worker: `db_worker`)."""
    from .domain.scheduling import execute_publication

    return execute_publication(run_id)
