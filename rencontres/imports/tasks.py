from django.tasks import task

from rencontres.networking.tasks import LONG


@task(queue_name=LONG)
def run_import(batch_id):
    """A confirmed import, in the worker (`manage.py db_worker`): 5,000 rows take a while."""
    from .domain.running import execute

    return execute(batch_id).status
