"""Who may open the workload page (see bapas.tests.test_permission_matrix)."""

from allocation.models import AllocationExclusion, ExclusionReason
from bapas.tests.test_permission_matrix import GET_ONLY, expected

# The heads and section heads see their officers' loads (joko: Semarang's, an empty office); PKs their own.
WORKLOAD_VIEWERS = {"hana", "sam", "joko", "olivia", "pat"}
PROPOSERS = {"hana", "sam", "joko"}
# Those who may refer a client (`referral.create`: PKs and section heads; pat: Bandung's, an empty proposal),
# and the heads, whom issue 12 names among those who accept proposals.
REFERRERS = {"sam", "olivia", "pat", "hana", "joko"}


def rows(case) -> dict:
    exclusion = AllocationExclusion.objects.get_or_create(
        officer=case.olivia, client=case.ada_client, defaults={"reason": ExclusionReason.OTHER, "note": "Uji"}
    )[0]
    return {
        "allocation:workload": ([], expected(WORKLOAD_VIEWERS, scoped=False), GET_ONLY),
        # The office's allocation policy: the head (joko: Semarang's own).
        "allocation:policy": ([], expected({"hana", "joko"}, scoped=False)),
        # The proposed PKs for clients without one: who assigns PKs (joko: Semarang's, an empty proposal).
        "allocation:proposals": ([], expected(PROPOSERS, scoped=False), GET_ONLY),
        # The proposed partners for open client needs: who may refer.
        "allocation:partner_proposals": ([], expected(REFERRERS, scoped=False), GET_ONLY),
        # The rebalance proposal (GET) and accepting its moves (POST): who assigns PKs.
        "allocation:rebalance": ([], expected(PROPOSERS, scoped=False)),
        # Officers' working areas and exclusions: recorded by who assigns PKs, for their section's (office's) PKs.
        "allocation:exclusions": ([], expected(PROPOSERS, scoped=False)),
        "allocation:exclusion_delete": ([exclusion.pk], expected(PROPOSERS, scoped=True)),
        "allocation:working_areas": ([], expected(PROPOSERS, scoped=False), GET_ONLY),
        "allocation:working_area_edit": ([case.olivia.pk], expected(PROPOSERS, scoped=True)),
    }
