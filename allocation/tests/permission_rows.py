"""Who may open the workload page (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import GET_ONLY, expected

# The heads and section heads see their officers' loads (joko: Semarang's, an empty office); PKs their own.
WORKLOAD_VIEWERS = {"hana", "sam", "joko", "olivia", "pat"}
PROPOSERS = {"hana", "sam", "joko"}
# Those who may refer a client (`referral.create`: PKs and section heads; pat: Bandung's, an empty proposal).
REFERRERS = {"sam", "olivia", "pat"}


def rows(case) -> dict:
    return {
        "allocation:workload": ([], expected(WORKLOAD_VIEWERS, scoped=False), GET_ONLY),
        # The proposed PKs for clients without one: who assigns PKs (joko: Semarang's, an empty proposal).
        "allocation:proposals": ([], expected(PROPOSERS, scoped=False), GET_ONLY),
        # The proposed partners for open client needs: who may refer.
        "allocation:partner_proposals": ([], expected(REFERRERS, scoped=False), GET_ONLY),
    }
