"""Who may open each partnership page (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import ADMINS, GET_ONLY, expected
from partners.tests.factories import make_agreement

PARTNER_VIEWERS = ADMINS | {"hana", "joko", "sam", "olivia", "alan", "pat", "reggie"}
PARTNER_MANAGERS = ADMINS | {"hana", "joko"}
# paula is a user of LBH Uji: she may download her own organisation's agreements, nothing else here.
DOCUMENT_READERS = PARTNER_VIEWERS | {"paula"}


def rows(case) -> dict:
    partner = case.lbh.pk
    agreement = make_agreement(case.lbh, document=True).pk
    return {
        "partners:list": ([], expected(PARTNER_VIEWERS, scoped=False), GET_ONLY),
        "partners:create": ([], expected(PARTNER_MANAGERS, scoped=False)),
        "partners:detail": ([partner], expected(PARTNER_VIEWERS, scoped=True), GET_ONLY),
        "partners:edit": ([partner], expected(PARTNER_MANAGERS, scoped=True)),
        "partners:status": ([partner], expected(PARTNER_MANAGERS, scoped=True)),
        "partners:agreement_create": ([partner], expected(PARTNER_MANAGERS, scoped=True)),
        "partners:agreement_renew": ([agreement], expected(PARTNER_MANAGERS, scoped=True)),
        "partners:agreement_upload": ([agreement], expected(PARTNER_MANAGERS, scoped=True)),
        "partners:agreement_document": ([agreement], expected(DOCUMENT_READERS, scoped=True), GET_ONLY),
    }
