from django.tasks import task


@task()
def run_scheduler(run_id):
    """Background run of the B2B scheduler (worker: `manage.py db_worker`)."""
    from .domain.scheduling import execute_run

    return execute_run(run_id)


@task()
def publish_schedule(run_id):
    """Background publication of a run: meetings, then the mails (worker: `db_worker`)."""
    from .domain.scheduling import execute_publication

    return execute_publication(run_id)
