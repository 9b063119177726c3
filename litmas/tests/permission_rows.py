"""Who may open the Litmas pages (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import GET_ONLY, expected
from litmas import documents
from litmas.tests.factories import make_request, to_state

# `litmas.view`: every office role but the APK; the request below is an adult's assigned to olivia, so all of
# Cirebon's viewers see it (a PK only their own) and those of other offices get 404.
LITMAS_VIEWERS = {"ada", "nadia", "hana", "sam", "olivia", "rita", "tess", "reggie", "pat", "bert", "joko"}
# `litmas.write`: PKs; only the assigned one signs (pat, of Bandung, gets 404).
LITMAS_WRITERS = {"olivia", "pat"}


def rows(case) -> dict:
    people = {"head": case.hana, "section_head": case.sam, "officer": case.olivia, "secretary": case.tess}
    approved = to_state(make_request(case.cirebon, by=case.rita), "approved", **people)
    signed = to_state(make_request(case.cirebon, by=case.rita), "approved", **people)
    document = documents.report_sign(request=signed, acting_user=case.olivia)
    return {
        "litmas:report": ([approved.pk], expected(LITMAS_VIEWERS, scoped=True)),
        "litmas:sign": ([approved.pk], expected(LITMAS_WRITERS, scoped=True)),
        "litmas:document": ([document.pk], expected(LITMAS_VIEWERS, scoped=True), GET_ONLY),
    }
