"""Who may open the guidance plan pages (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected
from clients.tests.factories import make_client
from guidance import services
from guidance.models import PlanItem

# `plan.write`: PKs and section heads; the plan's own PK (olivia) and Cirebon's BKD section head (sam) write it.
PLAN_WRITERS = {"sam", "olivia", "pat"}


def rows(case) -> dict:
    episode = case.ada_client.current_episode
    plan = services.plan_create(episode=episode, acting_user=case.olivia, recommendation="Bimbingan kemandirian")
    plan = services.item_add(
        plan=plan,
        acting_user=case.olivia,
        expected_version=plan.version,
        phase="awal",
        target=2,
        guidance_type="keagamaan",
    ).plan
    item = PlanItem.objects.get(plan=plan)
    writers = expected(PLAN_WRITERS, scoped=True)
    return {
        # a client of olivia's without a plan yet (ada_client's plan is drafted above)
        "guidance:create": ([make_client(case.cirebon, officer=case.olivia).pk], writers),
        "guidance:detail": ([plan.pk], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "guidance:edit": ([plan.pk], writers),
        "guidance:item_add": ([plan.pk], writers),
        "guidance:item_remove": ([plan.pk, item.pk], writers),
        "guidance:propose": ([plan.pk], writers),
    }
