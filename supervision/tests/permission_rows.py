"""Permission-matrix rows of the reporting pages (see bapas/tests/test_permission_matrix.py)."""

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected

# Section heads and heads allow remote reporting and intensify schedules; PKs review remote reports.
REMOTE_ALLOWERS = {"hana", "sam", "joko"}
INTENSIFIERS = {"hana", "sam", "joko"}
REMOTE_REVIEWERS = {"hana", "sam", "olivia", "pat", "joko"}


def rows(case) -> dict:
    from supervision import selectors, services
    from supervision.tests.base import jpeg

    episode = case.ada_client.current_episode
    today = case.TODAY  # the frozen day of BaseTestCase, inside the factory client's guidance
    permission = services.remote_reporting_allow(
        episode=episode, acting_user=case.sam, reason="Keadaan mendesak", valid_from=today, valid_until=None
    )
    checkin = services.checkin_record(
        episode=episode,
        acting_user=case.olivia,
        outcome="hadir_daring",
        due_on=selectors.unrecorded_dates(episode, [])[0],
        occurred_at=case.NOW,
        remote=services.RemoteDetails(condition="Baik", activity="Bekerja", obstacles="Tidak ada", photo=jpeg()),
    )
    change = services.reporting_intensify(
        episode=episode, acting_user=case.sam, interval_days=7, starts_on=today, ends_on=None, reason="Sanksi"
    )
    client, remote = case.ada_client.pk, checkin.remote.pk
    return {
        "supervision:remote_allow": ([client], expected(REMOTE_ALLOWERS, scoped=True)),
        "supervision:remote_revoke": ([permission.pk], expected(REMOTE_ALLOWERS, scoped=True)),
        "supervision:remote_link_new": ([permission.pk], expected(REMOTE_REVIEWERS, scoped=True)),
        "supervision:remote_review": ([remote], expected(REMOTE_REVIEWERS, scoped=True)),
        "supervision:remote_photo": ([remote], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "supervision:intensify": ([client], expected(INTENSIFIERS, scoped=True)),
        "supervision:intensification_end": ([change.pk], expected(INTENSIFIERS, scoped=True)),
    }
