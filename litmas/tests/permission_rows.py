"""Who may open the Litmas pages (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import GET_ONLY, expected
from litmas import documents
from litmas.tests.factories import make_request, to_state

# `litmas.view`: every office role but the APK; the request below is an adult's assigned to olivia, so all of
# Cirebon's viewers see it (a PK only their own) and those of other offices get 404.
LITMAS_VIEWERS = {"ada", "nadia", "hana", "sam", "olivia", "rita", "tess", "reggie", "pat", "bert", "joko"}
# `litmas.write`: PKs; only the assigned one signs (pat, of Bandung, gets 404).
LITMAS_WRITERS = {"olivia", "pat"}
# `litmas.record`: the front desk, section heads and heads (joko: Semarang's).
LITMAS_RECORDERS = {"rita", "sam", "hana", "joko"}
# `litmas.assign` (the month's counts) and `litmas.cancel`: section heads and heads.
LITMAS_ASSIGNERS = {"sam", "hana", "joko"}


def rows(case) -> dict:
    people = {"head": case.hana, "section_head": case.sam, "officer": case.olivia, "secretary": case.tess}
    approved = to_state(make_request(case.cirebon, by=case.rita), "approved", **people)
    signed = to_state(make_request(case.cirebon, by=case.rita), "approved", **people)
    document = documents.report_sign(request=signed, acting_user=case.olivia)
    return {
        "litmas:list": ([], expected(LITMAS_VIEWERS, scoped=False), GET_ONLY),
        "litmas:record": ([], expected(LITMAS_RECORDERS, scoped=False)),
        "litmas:nik_lookup": ([], expected(LITMAS_RECORDERS, scoped=False), GET_ONLY),
        "litmas:monthly": ([], expected(LITMAS_ASSIGNERS, scoped=False), GET_ONLY),
        "litmas:detail": ([approved.pk], expected(LITMAS_VIEWERS, scoped=True), GET_ONLY),
        # the confirmation page of a cancellation: the request is looked up before the step's ability is checked,
        # so viewers of other offices get 404 whatever their role
        "litmas:step": ([approved.pk, "batal"], {**expected(LITMAS_ASSIGNERS, scoped=True), "pat": 404, "bert": 404}),
        "litmas:report": ([approved.pk], expected(LITMAS_VIEWERS, scoped=True)),
        "litmas:sign": ([approved.pk], expected(LITMAS_WRITERS, scoped=True)),
        "litmas:document": ([document.pk], expected(LITMAS_VIEWERS, scoped=True), GET_ONLY),
    }
