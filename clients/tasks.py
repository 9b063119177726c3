"""Background jobs of the registry, run by the worker (`manage.py db_worker`, django-tasks)."""

from __future__ import annotations

from django_tasks import task

from clients import importing


@task()
def import_batch(job_id: int) -> None:
    """Check and register an uploaded handover batch (see clients.importing)."""
    importing.import_job_run(job_id)
