"""Permission-matrix rows of the registry pages beyond the core ones (see bapas/tests/test_permission_matrix.py)."""

from bapas.tests.test_permission_matrix import CLIENT_IMPORTERS, GET_ONLY, expected


def rows(case) -> dict:
    from clients.models import ImportJob

    # A batch import of Cirebon: its importers see it, Semarang's head gets 404 like any missing job.
    job = ImportJob.objects.create(office=case.cirebon, uploaded_by=case.rita, filename="penghadapan.csv")
    return {
        "clients:import_job": ([job.pk], expected(CLIENT_IMPORTERS, scoped=True), GET_ONLY),
    }
